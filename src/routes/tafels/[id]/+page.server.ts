import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
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
import { loadOr403, tableActor, tableDeps } from '$lib/server/tables/http';
import { formAction } from '$lib/server/forms';
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
	// just planned (tafels/nieuw redirects here with ?gepland): the page confirms it
	const planned = event.url.searchParams.has('gepland');
	return { lastEventId: last, table, rights, eligible, partners, present, organisationId: actor.organisationId, capacity, planned };
};

const handoverAnswerSchema = z.object({ handoverId: z.uuid({ error: 'Dit aanbod bestaat niet (meer).' }) });

/** A change without input by the chair (open, close): no fields, only the service call. */
const noInput = z.object({});

export const actions: Actions = {
	toevoegen: (event) =>
		formAction(event.request, {
			form: 'agenda',
			schema: agendaItemSchema,
			run: (data) => addAgendaItem(tableDeps(), tableActor(event), tableId(event), data.caseId),
			done: 'De zaak staat op de agenda.'
		}),
	verwijderen: (event) =>
		formAction(event.request, {
			form: 'item',
			schema: itemSchema,
			run: (data) => removeAgendaItem(tableDeps(), tableActor(event), tableId(event), data.itemId),
			done: 'Het agendapunt is van de agenda gehaald.'
		}),
	openen: (event) =>
		formAction(event.request, {
			form: 'open',
			schema: noInput,
			run: () => openTable(tableDeps(), tableActor(event), tableId(event)),
			done: 'De tafel is geopend.'
		}),
	huidig: (event) =>
		formAction(event.request, {
			form: 'current',
			schema: itemSchema,
			run: (data) => setCurrentItem(tableDeps(), tableActor(event), tableId(event), data.itemId),
			done: 'Het agendapunt is in bespreking.'
		}),
	voorstel: (event) =>
		formAction(event.request, {
			form: 'propose',
			schema: proposalSchema,
			run: (data) => proposePartner(tableDeps(), tableActor(event), tableId(event), data),
			done: 'Uw voorstel staat bij het agendapunt.'
		}),
	besluit: async (event) => {
		// the two decision forms (offer, back to VT) show their errors each at their own form
		const request = event.request.clone();
		const form = (await event.request.formData()).get('outcome') === 'back_to_vt' ? 'back' : 'offer';
		return formAction(request, {
			form,
			schema: decisionSchema,
			run: (data) => decideItem(tableDeps(), tableActor(event), tableId(event), data),
			done: (_, data) => (data.outcome === 'offer' ? 'De tafel heeft de zaak aangeboden.' : 'De zaak gaat terug naar Veilig Thuis.')
		});
	},
	sluiten: (event) =>
		formAction(event.request, {
			form: 'close',
			schema: noInput,
			run: () => closeTable(tableDeps(), tableActor(event), tableId(event)),
			done: 'De tafel is gesloten.'
		}),
	antwoord: (event) => {
		const actor = tableActor(event);
		const deps = tableDeps();
		const id = tableId(event);
		return formAction(event.request, {
			form: 'answer',
			schema: handoverAnswerSchema.and(answerSchema),
			run: async (data) => {
				if (!(await handoverAtTable(deps.sql, id, data.handoverId))) forbidden('Dit aanbod hoort niet bij deze tafel.');
				return answerHandover(deps, actor, data.handoverId, data);
			},
			done: (_, data) => (data.answer === 'accept' ? 'U heeft het aanbod geaccepteerd.' : 'U heeft het aanbod afgewezen.')
		});
	}
};
