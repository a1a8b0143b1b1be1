// withDatabase (src/cli/runtime.ts), the way the CLI's database commands (stats, audit, calendar,
// documents) open and close the database: closed again after the command, whether it returns or
// throws, and the command's own error is the one that goes on to `run` and the operator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import { withDatabase } from './runtime';

describe('wenze CLI: withDatabase opens, runs and closes', () => {
  const savedUrl = process.env.DATABASE_URL;
  let dir: string;
  let cmd: Command;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-withdb-'));
    process.env.DATABASE_URL = '';
    cmd = new Command().option('--data <dir>');
    cmd.parse(['--data', dir], { from: 'user' });
  });
  afterAll(() => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives back what the command returns and closes the database after it', async () => {
    let seen: Db | undefined;
    const n = await withDatabase(cmd, async (deps) => {
      seen = deps.db;
      const r = await deps.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    });
    expect(n).toBeGreaterThanOrEqual(0);
    expect(seen?.file).toBe(path.join(dir, 'wenze.db'));
    expect(seen?.sqlite?.open).toBe(false);
  });

  it('closes the database when the command throws, and passes the command’s own error on unchanged', async () => {
    let seen: Db | undefined;
    const refused = new AppError('NOT_FOUND', { zh: '无此年度', en: 'no such year' });
    await expect(
      withDatabase(cmd, async (deps) => {
        seen = deps.db;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(seen?.sqlite?.open).toBe(false);
  });
});
