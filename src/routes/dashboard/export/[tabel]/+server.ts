import { error, type RequestHandler } from '@sveltejs/kit';
import { loadDashboard } from '$lib/server/dashboard/page';
import { TABLE_IDS, toCsv, type TableId } from '$lib/dashboard/tables';

/** One table of the dashboard as CSV (the same suppressed figures as the page). */
export const GET: RequestHandler = async (event) => {
	const id = event.params.tabel?.replace(/\.csv$/, '') as TableId;
	if (!TABLE_IDS.includes(id)) error(404, 'Deze tabel bestaat niet.');
	const { tables, figures } = await loadDashboard(event, 'export');
	if (!figures) error(404, 'Er zijn nog geen doorstroomcijfers gepubliceerd.');
	const table = tables.find((t) => t.id === id)!;
	const who = (figures.scope.id ?? 'regio').toLowerCase();
	const period = { from: figures.range.from.id, to: figures.range.to.id };
	return new Response(toCsv(table), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="doorstroom-${who}-${period.from}-${period.to}-${id}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
