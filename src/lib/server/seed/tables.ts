import type { Sql } from '../db/client.ts';
import { systemClock, type Clock } from '../clock.ts';
import { addWorkingDays, amsterdamDay, DEFAULT_WORKDAY_POLICY } from '../workdays.ts';
import { amsterdamInstant } from '../time.ts';
import { assessmentComplete } from '../tables/queries.ts';

const SUBREGION = 'zuid-kennemerland';
const CHAIR = 'vt.coordinator@ketentafel.test';
const VT = 'Veilig Thuis Kennemerland';
const PARTICIPANTS = ['CJG Kennemerland', 'Sociaal Wijkteam Haarlem', 'Consortium Spaarnestroom Jeugd & Gezin'];
const AGENDA_SIZE = 2;

/**
 * Demo overdrachtstafel: one planned tafel for Zuid-Kennemerland on the next working day at 10:00
 * Amsterdam time, chaired by the VT teamcoördinator, with CJG Kennemerland, Sociaal Wijkteam
 * Haarlem and Consortium Spaarnestroom taking part. When the agenda is empty, up to two VT cases
 * of the subregion without a live handover (and on no other open tafel) are put on it, if there
 * are any, complete assessments first. Idempotent: a planned demo tafel is reused (and moved forward when its date passed).
 * Call after seed() (the region and demo accounts must exist). Returns the tafel's id.
 */
export async function seedTables(sql: Sql, clock: Clock = systemClock): Promise<{ tableId: string; agendaItems: number }> {
	return sql.begin(async (tx) => {
		const [chair] = await tx<{ id: string }[]>`select id from users where email = ${CHAIR}`;
		const [vt] = await tx<{ id: string }[]>`select id from organisations where name = ${VT}`;
		if (!chair || !vt) throw new Error('seedTables: run seed() first (demo coordinator and VT are missing)');
		const day = addWorkingDays(amsterdamDay(clock.now()), 1, DEFAULT_WORKDAY_POLICY);
		const scheduledAt = amsterdamInstant(day, '10:00');
		const [existing] = await tx<{ id: string }[]>`
			select id from handover_tables where subregion_id = ${SUBREGION} and chair_id = ${chair.id} and status = 'scheduled'
			order by created_at limit 1`;
		let tableId: string;
		if (existing) {
			tableId = existing.id;
			await tx`update handover_tables set scheduled_at = ${scheduledAt} where id = ${tableId} and scheduled_at < ${clock.now()}`;
		} else {
			[{ id: tableId }] = await tx<{ id: string }[]>`
				insert into handover_tables (subregion_id, scheduled_at, chair_id) values (${SUBREGION}, ${scheduledAt}, ${chair.id}) returning id`;
		}
		await tx`insert into table_participants (table_id, organisation_id)
		         select ${tableId}, id from organisations where name = any(${PARTICIPANTS}) on conflict do nothing`;
		const [{ count }] = await tx<{ count: number }[]>`select count(*)::int as count from table_items where table_id = ${tableId}`;
		if (count > 0) return { tableId, agendaItems: count };
		const cases = await tx<{ id: string }[]>`
			select c.id from cases c join municipalities m on m.id = c.municipality_id
			where c.responsible_org_id = ${vt.id} and m.subregion_id = ${SUBREGION}
			  and not exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted'))
			  and not exists (select 1 from table_items ti join handover_tables t on t.id = ti.table_id where ti.case_id = c.id and t.status <> 'closed')
			order by ${assessmentComplete(tx)} desc, c.urgent desc, c.created_at limit ${AGENDA_SIZE}`;
		for (const [i, c] of cases.entries()) {
			await tx`insert into table_items (table_id, case_id, position) values (${tableId}, ${c.id}, ${i + 1})`;
		}
		return { tableId, agendaItems: cases.length };
	});
}
