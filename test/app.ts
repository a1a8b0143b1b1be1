// HTTP test harness: a migrated database (SQLite, or PostgreSQL when configured), the app built
// with injected clock and in-memory files, and signed-in users of each role.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../src/server/app';
import { generateSync, generateSecret } from 'otplib';
import { hash as argonHash } from '@node-rs/argon2';
import { createUserAsSystem, login, loginWithTotp, type LoginResult } from '../src/services/auth-service';
import { requiresTotp } from '../src/policies/accounts';
import type { Deps } from '../src/services/context';
import { MemoryFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import type { Db, DialectName } from '../src/db/database';
import { isPersonBound, type Role } from '../src/policies/roles';
import { makeAccountHolder } from './factories/registers';
import { closeTestDb, openTestDb } from './db';

export const TEST_PASSWORD = 'Correct horse battery 9';
/**
 * The harness accounts' password hash: argon2id, made once, with light parameters. Each test
 * signs in every user of its world through the real password check, and the production
 * parameters (m=19 MiB, t=2: ~20 ms of CPU a check, auth-service.ts) made those sign-ins a fifth
 * of the integration tier's CPU. The check reads the parameters from the hash, so only these
 * accounts are cheaper; passwords set through the app are hashed with the production ones
 * (test/api/accounts.test.ts checks them).
 */
let cachedHash: Promise<string> | undefined;
const HARNESS_ARGON = { memoryCost: 1024, timeCost: 1, parallelism: 1, algorithm: 2 } as const;

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  clock: FixedClock;
  /** bearer token per username */
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  /** the register person each test account is linked to (null: none) */
  personIds: Record<string, string | null>;
  /** inject as a signed-in user (by username) or anonymously (null) */
  as(user: string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** a signed-in user; `orgId`: the organisation of the account (issue 11; absent: the default organisation) */
  addUser(username: string, roles: Role[], personId?: string | null, orgId?: string): Promise<string>;
  /** TOTP secret per username (accounts that need a second factor are enrolled by addUser) */
  totpSecrets: Record<string, string>;
  /** a fresh session for a test user (password, then a TOTP code when enrolled) */
  signIn(username: string): Promise<string>;
  /** sign in over HTTP (password, then the TOTP code when the account has one); the last response */
  httpSignIn(username: string, password?: string, remoteAddress?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(engine: DialectName, now = '2025-09-01T02:00:00.000Z', opts: { db?: Db; buildOptions?: Partial<AppOptions> } = {}): Promise<TestApp> {
  const db = opts.db ?? (await openTestDb(engine));
  const clock = new FixedClock(now);
  const deps: Deps = { db, clock, files: new MemoryFileStore() };
  const app = await buildApp({ deps, ...opts.buildOptions });
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const personIds: Record<string, string | null> = {};
  const totpSecrets: Record<string, string> = {};
  cachedHash ??= argonHash(TEST_PASSWORD, HARNESS_ARGON);
  const signIn = async (username: string): Promise<string> => {
    const r = await signInWithFactors(deps, clock, username, TEST_PASSWORD, totpSecrets[username]);
    return r.token;
  };
  const t: TestApp = {
    app,
    deps,
    clock,
    tokens,
    userIds,
    personIds,
    totpSecrets,
    signIn,
    async httpSignIn(username, password = TEST_PASSWORD, remoteAddress?: string) {
      const first = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, ...(remoteAddress ? { remoteAddress } : {}) });
      if (first.statusCode !== 200 || first.json().status !== 'totp_required') return first;
      const secret = totpSecrets[username];
      if (!secret) throw new Error(`${username} needs a TOTP code but the test has no secret`);
      await nextTotpStep(deps, clock, username);
      const code = generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
      return app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { pendingToken: first.json().pendingToken, code }, ...(remoteAddress ? { remoteAddress } : {}) });
    },
    as(user, opts) {
      const headers = { ...(opts.headers ?? {}) } as Record<string, string>;
      if (user) {
        const token = tokens[user];
        if (!token) throw new Error(`no test user ${user}`);
        headers.authorization = `Bearer ${token}`;
      }
      return app.inject({ ...opts, headers });
    },
    async addUser(username, roles, personId = null, orgId) {
      // FL-5(1): a casework role needs the holder's register person; a test that names none gets one
      const holder = personId ?? (roles.some(isPersonBound) ? await makeAccountHolder(deps, username, orgId) : null);
      const u = await createUserAsSystem(deps, { username, displayName: username, password: TEST_PASSWORD, roles, personId: holder, ...(orgId ? { orgId } : {}) }, await cachedHash);
      if (requiresTotp(roles)) {
        // Administrators and reporter-identity readers must have a second factor (身份鉴别).
        const secret = generateSecret();
        await deps.db.kysely.updateTable('users').set({ totp_secret: secret, totp_enabled_at: clock.now().toISOString() }).where('id', '=', u.id).execute();
        totpSecrets[username] = secret;
      }
      tokens[username] = await signIn(username);
      userIds[username] = u.id;
      personIds[username] = holder;
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

/**
 * Signs in through the real two steps: the password, then (when the account has a second
 * factor) a TOTP code generated with otplib at the clock's time. A code is accepted once per
 * 30-second step, so a second sign-in within the same step moves the clock on by one step.
 */
export async function signInWithFactors(
  deps: Deps,
  clock: FixedClock,
  username: string,
  password: string,
  secret: string | undefined,
): Promise<Extract<LoginResult, { status: 'signed_in' }>> {
  const first = await login(deps, { username, password });
  if (first.status === 'signed_in') return first;
  if (!secret) throw new Error(`${username} needs a TOTP code but the test has no secret`);
  await nextTotpStep(deps, clock, username);
  const code = generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
  const second = await loginWithTotp(deps, { pendingToken: first.pendingToken, code });
  if (second.status !== 'signed_in') throw new Error('unexpected second step');
  return second;
}

/** A TOTP code is accepted once: when this user's last code was of the current 30-second step, move the clock to the next. */
export async function nextTotpStep(deps: Deps, clock: FixedClock, username: string): Promise<void> {
  const row = await deps.db.kysely.selectFrom('users').select('totp_last_step').where('username', '=', username).executeTakeFirstOrThrow();
  const step = Math.floor(clock.now().getTime() / 30_000);
  if (row.totp_last_step !== null && step <= Number(row.totp_last_step)) clock.set(new Date((Number(row.totp_last_step) + 1) * 30_000));
}
