// Accounts and sessions: argon2id passwords, opaque bearer tokens (only their SHA-256 stored),
// the first administrator on a new installation, and user management for administrators.
// Designed for later hardening (lockout, 2FA, separation of admin duties): every login attempt
// goes through `login`, and roles are data.
import { randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError } from '../errors';
import { appendAudit } from '../audit/audit-writer';
import { inTransaction, type Tx } from '../db/tx';
import { sha256Hex } from '../files/file-store';
import { newId } from '../lib/ids';
import { parseInput } from '../lib/validation';
import { authorize, ROLES, type Actor, type Role } from '../policies/roles';
import { nowIso, type Ctx, type Deps } from './context';
import { claimFirstRunSetup } from './setup-guard';

const SESSION_HOURS = 12;
// argon2id, OWASP's second recommended setting (m=19 MiB, t=2, p=1).
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9._-]{2,40}$/, { message: '用户名为 2–40 位字母、数字或 ._- / Username: 2–40 letters, digits or ._-' });
export const passwordSchema = z
  .string()
  .min(10, { message: '密码至少 10 位 / Password must have at least 10 characters' })
  .max(200);

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(60),
  password: passwordSchema,
  roles: z.array(z.enum(ROLES)).min(1),
  personId: z.string().min(1).nullable().optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  password: passwordSchema.optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  personId: z.string().min(1).nullable().optional(),
  disabled: z.boolean().optional(),
});

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  personId: string | null;
  disabled: boolean;
}

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  roles: string;
  person_id: string | null;
  disabled: number;
};

const toPublic = (r: UserRow): PublicUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  roles: JSON.parse(r.roles) as Role[],
  personId: r.person_id,
  disabled: Boolean(r.disabled),
});

export const hashPassword = (pw: string): Promise<string> => argonHash(pw, ARGON);

export async function countUsers(deps: Deps): Promise<number> {
  const r = await deps.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function insertUser(
  deps: Deps,
  actorId: string | null,
  input: CreateUserInput,
  passwordHash: string,
  guard?: (tx: Tx, at: string) => Promise<void>,
): Promise<PublicUser> {
  const now = nowIso(deps);
  return inTransaction(deps.db, async (tx) => {
    if (guard) await guard(tx, now);
    const exists = await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (exists) throw new AppError('CONFLICT_DUPLICATE', { zh: `用户名 ${input.username} 已存在`, en: `username ${input.username} exists` });
    const row = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      password_hash: passwordHash,
      roles: JSON.stringify(input.roles),
      person_id: input.personId ?? null,
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('users').values(row).execute();
    const pub = toPublic(row);
    await appendAudit(tx, { actorId, action: 'user.create', entityType: 'user', entityId: row.id, after: pub, at: now });
    return pub;
  });
}

/** Public, once: creates the first administrator of a new installation. */
export async function setupFirstAdmin(deps: Deps, raw: unknown): Promise<PublicUser> {
  const input = parseInput(createUserSchema.omit({ roles: true, personId: true }), raw);
  if ((await countUsers(deps)) > 0) throw new AppError('SETUP_DONE');
  const hash = await hashPassword(input.password);
  // The check above only saves hashing; the guard inside the transaction is what holds.
  return insertUser(deps, null, { ...input, roles: ['admin'] }, hash, claimFirstRunSetup);
}

export async function createUser(ctx: Ctx, raw: unknown): Promise<PublicUser> {
  authorize(ctx.actor, 'users.manage');
  const input = parseInput(createUserSchema, raw);
  return insertUser(ctx, ctx.actor.userId, input, await hashPassword(input.password));
}

/** For seeding (demo data, tests): no actor check, but audited as the system. */
export async function createUserAsSystem(deps: Deps, input: CreateUserInput, passwordHash?: string): Promise<PublicUser> {
  return insertUser(deps, 'system', parseInput(createUserSchema, input), passwordHash ?? (await hashPassword(input.password)));
}

export async function listUsers(ctx: Ctx): Promise<PublicUser[]> {
  authorize(ctx.actor, 'users.manage');
  const rows = await ctx.db.kysely.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toPublic);
}

export async function updateUser(ctx: Ctx, id: string, raw: unknown): Promise<PublicUser> {
  authorize(ctx.actor, 'users.manage');
  const input = parseInput(updateUserSchema, raw);
  const hash = input.password ? await hashPassword(input.password) : undefined;
  const now = nowIso(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await tx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND');
    const patch = {
      ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
      ...(input.roles !== undefined ? { roles: JSON.stringify(input.roles) } : {}),
      ...(input.personId !== undefined ? { person_id: input.personId } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
      ...(hash ? { password_hash: hash } : {}),
      updated_at: now,
    };
    await tx.updateTable('users').set(patch).where('id', '=', id).execute();
    const after = { ...before, ...patch };
    if (input.disabled || hash) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await appendAudit(tx, {
      actorId: ctx.actor.userId,
      action: hash ? 'user.update.password' : 'user.update',
      entityType: 'user',
      entityId: id,
      before: toPublic(before),
      after: toPublic(after),
      at: now,
    });
    return toPublic(after);
  });
}

export const loginSchema = z.object({ username: z.string().min(1).max(80), password: z.string().min(1).max(200) });

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: PublicUser;
}

// A fixed hash to verify against when the user does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

export async function login(deps: Deps, raw: unknown): Promise<LoginResult> {
  const { username, password } = parseInput(loginSchema, raw);
  const user = await deps.db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || user.disabled) {
    dummyHash ??= hashPassword('wenze-dummy-password');
    await argonVerify(await dummyHash, password).catch(() => false);
    throw new AppError('LOGIN_FAILED');
  }
  const ok = await argonVerify(user.password_hash, password).catch(() => false);
  const now = nowIso(deps);
  if (!ok) {
    await inTransaction(deps.db, (tx) =>
      appendAudit(tx, { actorId: user.id, action: 'auth.login_failed', entityType: 'user', entityId: user.id, at: now }),
    );
    throw new AppError('LOGIN_FAILED');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await inTransaction(deps.db, async (tx) => {
    await tx
      .insertInto('sessions')
      .values({ token_hash: sha256Hex(token), user_id: user.id, created_at: now, expires_at: expiresAt, last_seen_at: now })
      .execute();
    await appendAudit(tx, { actorId: user.id, action: 'auth.login', entityType: 'user', entityId: user.id, at: now });
  });
  return { token, expiresAt, user: toPublic(user) };
}

export async function logout(deps: Deps, token: string): Promise<void> {
  await deps.db.kysely.deleteFrom('sessions').where('token_hash', '=', sha256Hex(token)).execute();
}

/** Resolves a bearer token to the acting user, or null when missing, expired or disabled. */
export async function actorForToken(deps: Deps, token: string): Promise<Actor | null> {
  const row = await deps.db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.roles', 'users.person_id', 'users.disabled', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at <= nowIso(deps)) return null;
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    personId: row.person_id,
  };
}
