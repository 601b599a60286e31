import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { lastEventId } from '$lib/server/events/log';
import { presenceStore } from '$lib/server/services';
import { tablePresence } from '$lib/server/realtime/tables';
import { eligibleCases, handoverAtTable, partnerOrganisations } from '$lib/server/tables/queries';
import { agendaItemSchema, decisionSchema, itemSchema, proposalSchema } from '$lib/server/tables/schema';
import {
	addAgendaItem,
	closeTable,
	decideItem,
	openTable,
	proposePartner,
	removeAgendaItem,
	setCurrentItem,
	viewTable
} from '$lib/server/tables/service';
import { isUuid } from '$lib/server/tables/common';
import { loadOr403, parseForm, runForm, tableActor, tableDeps } from '$lib/server/tables/http';
import { answerHandover } from '$lib/server/handovers/service';
import { answerSchema } from '$lib/server/handovers/schema';
import { forbidden } from '$lib/server/http';
import { capacityIn } from '$lib/server/handovers/capacity';
import { isVtWorker } from '$lib/server/actor';

const NOT_FOUND = 'Deze overdrachtstafel bestaat niet of u heeft er geen toegang toe.';

function tableId(event: { params: { id: string } }): string {
	if (!isUuid(event.params.id)) error(404, NOT_FOUND);
	return event.params.id;
}

export const load: PageServerLoad = async (event) => {
	const actor = tableActor(event);
	const id = tableId(event);
	const deps = tableDeps();
	const last = await lastEventId(deps.sql);
	const { table, rights } = await loadOr403(() => viewTable(deps, actor, id));
	const [eligible, partners, present] = await Promise.all([
		rights.agenda ? eligibleCases(deps.sql, actor.organisationId, table.id, table.subregionId) : [],
		rights.chair || rights.propose ? partnerOrganisations(deps.sql) : [],
		table.status === 'closed' ? [] : tablePresence(deps.sql, presenceStore(), table.id)
	]);
	// the chair records outcomes with the partners' capacity in view (issue 14); VT only, never a partner of the tafel
	const capacity =
		rights.chair && isVtWorker(actor) && table.status === 'running'
			? await capacityIn(deps.sql, table.subregionId, deps.clock.now())
			: null;
	return { lastEventId: last, table, rights, eligible, partners, present, organisationId: actor.organisationId, capacity };
};

async function formOf(event: RequestEvent): Promise<Record<string, unknown>> {
	return Object.fromEntries([...(await event.request.formData()).entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const handoverAnswerSchema = z.object({ handoverId: z.uuid({ error: 'Dit aanbod bestaat niet (meer).' }) });

export const actions: Actions = {
	toevoegen: async (event) => {
		const raw = await formOf(event);
		const parsed = parseForm(agendaItemSchema, raw, 'agenda');
		if (parsed.failure) return parsed.failure;
		return runForm('agenda', raw, async () => {
			await addAgendaItem(tableDeps(), tableActor(event), tableId(event), parsed.data.caseId);
			return { form: 'agenda', done: 'De zaak staat op de agenda.' };
		});
	},
	verwijderen: async (event) => {
		const raw = await formOf(event);
		const parsed = parseForm(itemSchema, raw, 'item');
		if (parsed.failure) return parsed.failure;
		return runForm('item', raw, async () => {
			await removeAgendaItem(tableDeps(), tableActor(event), tableId(event), parsed.data.itemId);
			return { form: 'item', done: 'Het agendapunt is van de agenda gehaald.' };
		});
	},
	openen: async (event) =>
		runForm('chair', {}, async () => {
			await openTable(tableDeps(), tableActor(event), tableId(event));
			return { form: 'chair', done: 'De tafel is geopend.' };
		}),
	huidig: async (event) => {
		const raw = await formOf(event);
		const parsed = parseForm(itemSchema, raw, 'chair');
		if (parsed.failure) return parsed.failure;
		return runForm('chair', raw, async () => {
			await setCurrentItem(tableDeps(), tableActor(event), tableId(event), parsed.data.itemId);
			return { form: 'chair', done: 'Het agendapunt is in bespreking.' };
		});
	},
	voorstel: async (event) => {
		const raw = await formOf(event);
		const parsed = parseForm(proposalSchema, raw, 'propose');
		if (parsed.failure) return parsed.failure;
		return runForm('propose', raw, async () => {
			await proposePartner(tableDeps(), tableActor(event), tableId(event), parsed.data);
			return { form: 'propose', done: 'Uw voorstel staat bij het agendapunt.' };
		});
	},
	besluit: async (event) => {
		const raw = await formOf(event);
		const form = raw.outcome === 'back_to_vt' ? 'back' : 'offer';
		const parsed = parseForm(decisionSchema, raw, form);
		if (parsed.failure) return parsed.failure;
		return runForm(form, raw, async () => {
			await decideItem(tableDeps(), tableActor(event), tableId(event), parsed.data);
			return {
				form,
				done: parsed.data.outcome === 'offer' ? 'De tafel heeft de zaak aangeboden.' : 'De zaak gaat terug naar Veilig Thuis.'
			};
		});
	},
	sluiten: async (event) =>
		runForm('chair', {}, async () => {
			await closeTable(tableDeps(), tableActor(event), tableId(event));
			return { form: 'chair', done: 'De tafel is gesloten.' };
		}),
	antwoord: async (event) => {
		const raw = await formOf(event);
		const which = parseForm(handoverAnswerSchema, raw, 'answer');
		if (which.failure) return which.failure;
		const parsed = parseForm(answerSchema, raw, 'answer');
		if (parsed.failure) return parsed.failure;
		const actor = tableActor(event);
		const deps = tableDeps();
		if (!(await handoverAtTable(deps.sql, tableId(event), which.data.handoverId))) forbidden('Dit aanbod hoort niet bij deze tafel.');
		return runForm('answer', raw, async () => {
			await answerHandover(deps, actor, which.data.handoverId, parsed.data);
			return {
				form: 'answer',
				done: parsed.data.answer === 'accept' ? 'U heeft het aanbod geaccepteerd.' : 'U heeft het aanbod afgewezen.'
			};
		});
	}
};
