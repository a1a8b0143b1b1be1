// `npm start` (`wenze start`, `wenze serve --demo`): the first start into an empty database loads
// the demo commission, so a new installation can be explored at once. A database with any
// account is never touched.
import type { StartHook } from '../../cli/start-hooks';
import { countUsers } from '../../services/auth-service';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, loadDemo } from './index';

export const demoOnFirstStart: StartHook = async (deps, opts) => {
  if (!opts.demo || (await countUsers(deps)) > 0) return;
  const r = await loadDemo(deps, { log: (l) => console.log(l) });
  console.log(
    `演示数据已载入 / demo data loaded (today ${r.today}): ${r.people} 人 people, ${r.originalCases} 件原执法案件 original cases, ${r.cases.length} 件问责案件 accountability cases\n` +
      `  账号 accounts: ${r.accounts.join(', ')} — 密码 password: ${DEMO_PASSWORD}\n` +
      `  各账号的动态验证码密钥 TOTP secret (every account): ${DEMO_TOTP_SECRET}`,
  );
};
