import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { viewTable } from '$lib/server/tables/service';
import { isUuid } from '$lib/server/tables/common';
import { loadOr403, tableActor, tableDeps } from '$lib/server/tables/http';

export const load: PageServerLoad = async (event) => {
	const actor = tableActor(event);
	if (!isUuid(event.params.id)) error(404, 'Deze overdrachtstafel bestaat niet of u heeft er geen toegang toe.');
	const { table, attendance } = await loadOr403(() => viewTable(tableDeps(), actor, event.params.id, 'summary'));
	return { table, attendance };
};
