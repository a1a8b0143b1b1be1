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
