// HTTP test harness: a migrated database (SQLite, or PostgreSQL when configured), the app built
// with injected clock and in-memory files, and signed-in users of each role.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../src/server/app';
import { createUserAsSystem, hashPassword, login } from '../src/services/auth-service';
import type { Deps } from '../src/services/context';
import { MemoryFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import type { Db, DialectName } from '../src/db/database';
import type { Role } from '../src/policies/roles';
import { closeTestDb, openTestDb } from './db';

export const TEST_PASSWORD = 'correct horse battery';
let cachedHash: Promise<string> | undefined;

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: FixedClock;
  /** bearer token per username */
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  /** inject as a signed-in user (by username) or anonymously (null) */
  as(user: string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  addUser(username: string, roles: Role[], personId?: string | null): Promise<string>;
  close(): Promise<void>;
}

export async function createTestApp(engine: DialectName, now = '2025-09-01T02:00:00.000Z', opts: { db?: Db; buildOptions?: Partial<AppOptions> } = {}): Promise<TestApp> {
  const db = opts.db ?? (await openTestDb(engine));
  const clock = new FixedClock(now);
  const deps: Deps = { db, clock, files: new MemoryFileStore() };
  const app = await buildApp({ deps, ...opts.buildOptions });
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const t: TestApp = {
    app,
    deps,
    clock,
    tokens,
    userIds,
    as(user, opts) {
      const headers = { ...(opts.headers ?? {}) } as Record<string, string>;
      if (user) {
        const token = tokens[user];
        if (!token) throw new Error(`no test user ${user}`);
        headers.authorization = `Bearer ${token}`;
      }
      return app.inject({ ...opts, headers });
    },
    async addUser(username, roles, personId = null) {
      const u = await createUserAsSystem(deps, { username, displayName: username, password: TEST_PASSWORD, roles, personId }, await cachedHash);
      const r = await login(deps, { username, password: TEST_PASSWORD });
      tokens[username] = r.token;
      userIds[username] = u.id;
      return u.id;
    },
    async close() {
      await app.close();
      if (opts.db) await db.close();
      else await closeTestDb(db);
    },
  };
  return t;
}
