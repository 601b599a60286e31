import { error, type RequestHandler } from '@sveltejs/kit';
import { loadDashboard } from '$lib/server/dashboard/page';
import { TABLE_IDS, csvFileName, csvTables, toCsv, type TableId } from '$lib/dashboard/tables';

/** One table of the dashboard as CSV (the same suppressed figures as the page; numbers as numbers). */
export const GET: RequestHandler = async (event) => {
	const id = event.params.tabel?.replace(/\.csv$/, '') as TableId;
	if (!TABLE_IDS.includes(id)) error(404, 'Deze tabel bestaat niet.');
	const { figures } = await loadDashboard(event, 'export');
	if (!figures) error(404, 'Er zijn nog geen doorstroomcijfers gepubliceerd.');
	const table = csvTables(figures).find((t) => t.id === id)!;
	return new Response(toCsv(table), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${csvFileName(figures, id)}"`,
			'cache-control': 'no-store'
		}
	});
};
