// Issue 7 in the demo data: a conflicted main leader whose step the deputy took (recorded), a
// declared relationship, a self-recusal — all played through the real services.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { closeOpsTestDb, openOpsTestDb } from '../../../test/factories/ops';
import type { Db } from '../../db/database';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import { loadDemo } from './index';

const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await closeOpsTestDb(db);
});

describe('demo data: impartiality (issue 7)', () => {
  it('FL-5(1) recusal in the demo: the director approved an original case, so the deputy appointed that case’s team (actingFor); a declared relationship and a self-recusal exist', async () => {
    const db = await openOpsTestDb('sqlite');
    open.push(db);
    await loadDemo({ db, clock: new FixedClock('2026-11-29T02:00:00.000Z'), files: new MemoryFileStore() });
    const steps = (await sql.raw<{ data: string; username: string }>(`SELECT s.data, u.username FROM case_steps s JOIN users u ON u.id = s.actor_id WHERE s.action = 'appoint_team'`).execute(db.kysely)).rows;
    const byDeputy = steps.filter((s) => JSON.parse(s.data).actingFor);
    expect(byDeputy.length).toBeGreaterThan(0);
    expect(byDeputy.every((s) => s.username === 'decider3')).toBe(true);
    expect(JSON.parse(byDeputy[0]!.data).actingFor.zh).toContain('代委主要负责人办理');
    // Every other appointment was the director's own.
    expect(steps.filter((s) => !JSON.parse(s.data).actingFor).every((s) => s.username === 'leader')).toBe(true);
    const rel = (await sql.raw<{ kind: string }>(`SELECT kind FROM declared_relationships`).execute(db.kysely)).rows;
    expect(rel).toEqual([{ kind: 'close_relative' }]);
    const rec = (await sql.raw<{ kind: string; status: string }>(`SELECT kind, status FROM case_recusals`).execute(db.kysely)).rows;
    // the demo's self-recusal, and the member who stood aside at a meeting: kept on that case (FL-5(1))
    expect(rec).toEqual([
      { kind: 'self', status: 'in_effect' },
      { kind: 'self', status: 'in_effect' },
    ]);
  }, 120_000);
});
