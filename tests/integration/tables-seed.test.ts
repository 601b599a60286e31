import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db/client.ts';
import { connect } from '../../src/lib/server/db/client.ts';
import { closeRedis } from '../../src/lib/server/redis.ts';
import { closeDetachedRealtime } from '../../src/lib/server/realtime/hub.ts';
import { ManualClock } from '../../src/lib/server/clock.ts';
import { seed } from '../../src/lib/server/seed/seed.ts';
import { seedCases } from '../../src/lib/server/seed/cases.ts';
import { seedTables } from '../../src/lib/server/seed/tables.ts';
import { createTestResources, dropTestResources, type TestResources } from '../support/testdb.ts';

// A database of its own: the demo seed must not meet the other tests' fixtures.
let resources: TestResources;
let sql: Sql;

beforeAll(async () => {
	resources = await createTestResources('itseed');
	sql = connect(resources.databaseUrl, 2);
	await seed(sql, 'test');
});

afterAll(async () => {
	await closeDetachedRealtime(); // seedCases publishes its events
	await closeRedis();
	await sql?.end();
	if (resources) await dropTestResources(resources);
});

describe('seedTables', () => {
	it('plans the demo tafel for the next working day at 10:00 without cases, then fills its agenda once cases exist', async () => {
		const friday = new ManualClock('2026-11-27T15:00:00+01:00');
		const first = await seedTables(sql, friday);
		expect(first.agendaItems).toBe(0);
		const [table] = await sql<{ scheduledAt: Date; status: string; chair: string; subregionId: string }[]>`
			select t.scheduled_at, t.status::text as status, u.email as chair, t.subregion_id from handover_tables t join users u on u.id = t.chair_id
			where t.id = ${first.tableId}`;
		expect(table).toMatchObject({ status: 'scheduled', chair: 'vt.coordinator@ketentafel.test', subregionId: 'zuid-kennemerland' });
		expect(table.scheduledAt.toISOString()).toBe('2026-11-30T09:00:00.000Z'); // Monday 10:00 in Amsterdam
		const participants = await sql<{ name: string }[]>`
			select o.name from table_participants tp join organisations o on o.id = tp.organisation_id where tp.table_id = ${first.tableId} order by o.name`;
		expect(participants.map((p) => p.name)).toEqual([
			'CJG Kennemerland',
			'Consortium Spaarnestroom Jeugd & Gezin',
			'Sociaal Wijkteam Haarlem'
		]);

		await seedCases(sql, friday.now());
		const second = await seedTables(sql, friday);
		expect(second.tableId).toBe(first.tableId);
		expect(second.agendaItems).toBeGreaterThan(0);
		expect(second.agendaItems).toBeLessThanOrEqual(2);
		const items = await sql<{ subregionId: string; live: boolean }[]>`
			select m.subregion_id, exists (select 1 from handovers h where h.case_id = c.id and h.status in ('open', 'accepted')) as live
			from table_items ti join cases c on c.id = ti.case_id join municipalities m on m.id = c.municipality_id where ti.table_id = ${first.tableId}`;
		expect(items.every((i) => i.subregionId === 'zuid-kennemerland' && !i.live)).toBe(true);

		const third = await seedTables(sql, friday);
		expect(third).toEqual(second);
		const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from handover_tables`;
		expect(count).toBe(1);
	});
});
