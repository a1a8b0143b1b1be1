// Start-up wiring through the command line: `wenze calendar load` (a separate process, the
// compiled entry when built) recomputes the provisional case deadlines stored in that data
// folder — because the CLI wires it explicitly at start-up (openDeps → wireServices), not
// because some module happened to be imported.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { hypothetical2027, seedCalendar } from '../../test/factories/calendar';
import { makeCase, setupCaseWorld } from '../../test/factories/cases';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-cli-wiring-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('wenze calendar load (CLI) and stored deadlines', () => {
  it('WC-9(1): a provisional transfer deadline into 2027 becomes final when the administrator loads 2027 with the CLI', async () => {
    const dataDir = path.join(tmp, 'data');
    const db = await openDatabase({ dataDir });
    await migrateToLatest(db);
    const t = await createTestApp('sqlite', '2026-12-30T02:00:00.000Z', { db });
    await seedCalendar(t.deps);
    const w = await setupCaseWorld(t);
    const c = await makeCase(w, { to: 'to_transfer', receivedOn: '2026-12-29', drive: { dates: { accept: '2026-12-30' } } });
    const before = await db.kysely.selectFrom('case_deadlines').select(['due_date', 'provisional']).where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
    expect({ due: before.due_date, provisional: Number(before.provisional) }).toEqual({ due: '2027-01-01', provisional: 1 });
    await t.close();

    const file = path.join(tmp, '2027.json');
    fs.writeFileSync(file, JSON.stringify({ year: 2027, ...hypothetical2027() }));
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'wenze.mjs'), 'calendar', 'load', file, '--data', dataDir], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);

    const again = await openDatabase({ dataDir });
    try {
      const d = await again.kysely.selectFrom('case_deadlines').select(['due_date', 'provisional']).where('case_id', '=', c.caseId).executeTakeFirstOrThrow();
      // weekends only it was 2027-01-01; with the (hypothetical) 元旦 holiday 01-01…01-03 it is 01-04
      expect({ due: d.due_date, provisional: Number(d.provisional) }).toEqual({ due: '2027-01-04', provisional: 0 });
    } finally {
      await again.close();
    }
  });
});
