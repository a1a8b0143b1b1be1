// `wenze serve` as an operator starts it: 等保2.0 入侵防范 safe defaults — this computer only
// unless --host/HOST says otherwise, and no demo password on a reachable address.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { MemoryFileStore } from '../files/file-store';
import { systemClock } from '../lib/clock';
import { DEMO_PASSWORD } from '../ops/demo/index';
import { createUserAsSystem } from '../services/auth-service';
import { DEFAULT_HOST, parseTrustProxy } from './commands/serve';
import { makePerson } from '../../test/factories/registers';

const root = path.resolve(__dirname, '../..');
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' };
  delete env.HOST;
  delete env.PORT;
  return env;
};

describe('wenze serve: safe defaults', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-serve-'));
    const db = await openDatabase({ dataDir: dir });
    await migrateToLatest(db);
    const deps = { db, clock: systemClock, files: new MemoryFileStore() };
    await createUserAsSystem(deps, { username: 'fazhike', displayName: '法制科', password: DEMO_PASSWORD, roles: ['clerk'], personId: (await makePerson(deps)).id });
    await db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('入侵防范: without --host or HOST the server listens on 127.0.0.1 only', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/wenze.mjs'), 'serve', '--data', dir, '--port', '0'], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line; stdout: ${out}; stderr: ${err}`)), 90_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Wenze 问责 — (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited ${code}: ${err}`));
      });
    }).finally(() => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // the loopback server with a demo-password account is allowed: trying it out on one computer
    expect(err).not.toContain('UNSAFE_LISTEN');
  });

  it('入侵防范: --host 0.0.0.0 (or HOST) with an account on the demo password is refused, naming the account, before listening', () => {
    for (const [args, env] of [
      [['--host', '0.0.0.0'], {}],
      [[], { HOST: '0.0.0.0' }],
    ] as const) {
      const r = spawnSync(process.execPath, [path.join(root, 'bin/wenze.mjs'), 'serve', '--data', dir, '--port', '0', ...args], { encoding: 'utf8', env: { ...baseEnv(), ...env }, timeout: 90_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain('UNSAFE_LISTEN');
      expect(r.stderr).toContain('fazhike');
      expect(r.stderr).toContain('演示密码');
      expect(r.stderr).toContain('demo password');
      expect(r.stdout).not.toContain('Wenze 问责 — http');
    }
  });
});

describe('wenze serve: proxy settings', () => {
  it('入侵防范: TRUST_PROXY is off unless set; 1/true trusts any proxy, a number that many hops, otherwise the listed addresses', () => {
    expect(DEFAULT_HOST).toBe('127.0.0.1');
    for (const v of [undefined, '', '0', 'false', ' FALSE ']) expect(parseTrustProxy(v), String(v)).toBe(false);
    expect(parseTrustProxy('1')).toBe(true);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('127.0.0.1,10.0.0.0/8')).toBe('127.0.0.1,10.0.0.0/8');
  });
});
