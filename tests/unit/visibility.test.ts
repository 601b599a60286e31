import { describe, expect, it } from 'vitest';
import { maySee, type EventForViewer } from '../../src/lib/server/events/visibility.ts';

const VT = 'vt-org';
const CJG = 'cjg-org';
const WIJKTEAM = 'wijkteam-org';
const CONSORTIUM = 'consortium-org';

const viewer = (organisationId: string, organisationKind: string, roles: string[] = ['medewerker']) => ({
	organisationId,
	organisationKind,
	roles
});
const vtWorker = viewer(VT, 'vt');
const vtCoordinator = viewer(VT, 'vt', ['coordinator']);
const cjgWorker = viewer(CJG, 'cjg');
const wijkteamWorker = viewer(WIJKTEAM, 'wijkteam', ['coordinator']);
const consortiumWorker = viewer(CONSORTIUM, 'consortium');

const event = (type: string, streams: string[], payload: EventForViewer['payload'] = {}): EventForViewer => ({ type, streams, payload });

describe('maySee', () => {
	it('shows a handover step to VT and the partner it is offered to, not to another partner watching the case', () => {
		const declined = event('handover.declined', ['case:c', `org:${VT}`, `org:${CJG}`], {
			caseId: 'c',
			toOrgId: CJG,
			reason: 'Geen capaciteit'
		});
		expect(maySee(vtWorker, declined)).toBe(true);
		expect(maySee(cjgWorker, declined)).toBe(true);
		expect(maySee(wijkteamWorker, declined)).toBe(false);
		expect(maySee(consortiumWorker, declined)).toBe(false);
	});

	it("keeps VT's own work on a case (edits, closure, monitoring, check-ins) from every partner", () => {
		for (const type of [
			'case.created',
			'case.updated',
			'case.closed',
			'case.reopened',
			'monitoring.replanned',
			'checkin.recorded',
			'checkin.escalated'
		]) {
			const e = event(type, ['case:c', `org:${VT}`], { caseId: 'c', toOrgId: CONSORTIUM });
			expect(maySee(vtCoordinator, e), type).toBe(true);
			expect(maySee(consortiumWorker, e), type).toBe(false);
			expect(maySee(cjgWorker, e), type).toBe(false);
		}
	});

	it('shows tafel events to VT and to the participating organisations the event is addressed to', () => {
		const proposed = event('table.proposed', ['table:t', 'case:c', `org:${CJG}`, `org:${WIJKTEAM}`], { tableId: 't', caseId: 'c' });
		expect(maySee(vtWorker, proposed)).toBe(true);
		expect(maySee(cjgWorker, proposed)).toBe(true);
		expect(maySee(wijkteamWorker, proposed)).toBe(true);
		expect(maySee(consortiumWorker, proposed)).toBe(false);
		// an event of the tafel's room that does not address the participants (stored before they were) stays VT's
		expect(maySee(cjgWorker, event('table.current_item', ['table:t'], { tableId: 't' }))).toBe(false);
	});

	it('shows waiting figures to VT and consortia only, and a report to the consortium that made it', () => {
		const snapshot = event('waiting.snapshot', [`org:${VT}`, `org:${CONSORTIUM}`, `org:${CJG}`], { day: '2026-11-22', rows: 3 });
		expect(maySee(consortiumWorker, snapshot)).toBe(true);
		expect(maySee(cjgWorker, snapshot)).toBe(false);
		const reported = event('waiting.reported', [`org:${VT}`, `org:${CONSORTIUM}`], { consortiumId: CONSORTIUM, count: 2 });
		expect(maySee(vtWorker, reported)).toBe(true);
		expect(maySee(consortiumWorker, reported)).toBe(true);
		expect(maySee(viewer('other-consortium', 'consortium'), reported)).toBe(false);
	});

	it('shows nothing to gemeente, stuurgroep and beheerder-only roles, nor events of a type it does not know', () => {
		const offered = event('handover.offered', ['case:c', `org:${VT}`, `org:${CJG}`], { toOrgId: CJG });
		expect(maySee(viewer(VT, 'vt', ['beheerder']), offered)).toBe(false);
		expect(maySee(viewer(CJG, 'cjg', ['beheerder']), offered)).toBe(false);
		expect(maySee(viewer('g', 'gemeente', ['gemeente']), offered)).toBe(false);
		expect(maySee(viewer('s', 'stuurgroep', ['stuurgroep']), offered)).toBe(false);
		expect(maySee(vtWorker, event('case.deleted', ['case:c', `org:${VT}`]))).toBe(false);
		expect(maySee(vtWorker, event('toString', ['case:c', `org:${VT}`]))).toBe(false);
	});
});
