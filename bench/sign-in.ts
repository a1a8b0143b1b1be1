// A demo account signed in for a benchmark: password, then the demo second factor, which every
// account holding a role must complete (身份鉴别, src/policies/accounts.ts#requiresTotp).
import { generateSync } from 'otplib';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/ops/demo';
import { login, loginWithTotp } from '../src/services/auth-service';
import type { Deps } from '../src/services/context';

export async function demoSignIn(deps: Deps, username: string): Promise<{ token: string }> {
  const first = await login(deps, { username, password: DEMO_PASSWORD });
  const signed =
    first.status === 'signed_in'
      ? first
      : await loginWithTotp(deps, { pendingToken: first.pendingToken, code: generateSync({ secret: DEMO_TOTP_SECRET, epoch: Math.floor(deps.clock.now().getTime() / 1000) }) });
  if (signed.status !== 'signed_in') throw new Error(`bench: ${username} could not sign in`);
  return { token: signed.token };
}
