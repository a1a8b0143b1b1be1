// 等保2.0 入侵防范 / 身份鉴别: safe defaults for listening.
// - The server listens on 127.0.0.1 unless --host/HOST says otherwise (src/cli/commands/serve.ts).
// - It refuses to listen on any other address while an active account still has the published
//   demo password (`wenze demo`, README): those accounts are for trying the system out on one
//   computer. Change their passwords (or disable them) first.
import { verify as argonVerify } from '@node-rs/argon2';
import { isIP } from 'node:net';
import { AppError } from '../../errors';
import { DEMO_PASSWORD } from '../../ops/demo/index';
import { activeCredentials } from '../../repositories/users/setup-repo';
import { unlinkedCaseworkAccounts } from '../../repositories/users/users-repo';
import { PERSON_BOUND_ROLES } from '../../policies/roles';
import type { Deps } from '../context';

/** Whether binding to `host` keeps the server reachable from this computer only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * User names of the active accounts whose password is the demo password. Every active account
 * is checked (argon2 verify, four at a time on the libuv pool): a few tens of milliseconds each.
 */
export async function accountsWithDemoPassword(deps: Pick<Deps, 'db'>, password = DEMO_PASSWORD): Promise<string[]> {
  const users = await activeCredentials(deps.db.kysely);
  const found: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < users.length) {
      const u = users[next++]!;
      if (await argonVerify(u.password_hash, password).catch(() => false)) found.push(u.username);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return found.sort();
}

/** Throws UNSAFE_LISTEN, naming the accounts, when `host` is not loopback and demo passwords remain. */
export async function assertSafeToListen(deps: Pick<Deps, 'db'>, host: string): Promise<void> {
  if (isLoopbackHost(host)) return;
  const names = await accountsWithDemoPassword(deps);
  if (names.length === 0) return;
  const list = names.join(', ');
  throw new AppError('UNSAFE_LISTEN', {
    zh: `账号 ${list} 仍使用演示密码（${DEMO_PASSWORD}）。请先修改这些账号的密码或停用它们，或仅在本机使用（--host 127.0.0.1）`,
    en: `the accounts ${list} still use the demo password (${DEMO_PASSWORD}). Change their passwords or disable them first, or use the system on this computer only (--host 127.0.0.1)`,
  });
}

/**
 * FL-5(1): the accounts that hold a casework role without a register person (made before the rule)
 * do no casework until the system administrator links them; `wenze serve` names them at start.
 */
export async function unlinkedCaseworkNotice(deps: Pick<Deps, 'db'>): Promise<string | null> {
  const names = await unlinkedCaseworkAccounts(deps.db.kysely, PERSON_BOUND_ROLES);
  if (!names.length) return null;
  const list = names.join(', ');
  return `${names.length} 个办案账号未关联人员台账，关联前不能办案（FL-5(1)）：${list}；请系统管理员在“用户管理”中关联本人 / ${names.length} casework account(s) have no register person and do no casework until linked (FL-5(1)): ${list}; the system administrator links them under Users`;
}
