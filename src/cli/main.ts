// The `wenze` command line. Every command takes --data DIR (default ./data) and honours
// DATABASE_URL. Command bodies are thin: parse, call one service, print.
import { Command } from 'commander';
import { registerAudit } from './commands/audit';
import { registerBackup } from './commands/backup';
import { registerCalendar } from './commands/calendar';
import { registerDemo } from './commands/demo';
import { registerDocuments } from './commands/documents';
import { registerImport } from './commands/import';
import { registerHardening } from './commands/hardening';
import { registerKeys } from './commands/keys';
import { registerRules } from './commands/rules';
import { registerServe } from './commands/serve';
import { registerStats } from './commands/stats';

const program = new Command();
program
  .name('wenze')
  .description('Wenze 问责 — 行政执法过错责任追究与错案责任倒查问责系统')
  .option('--data <dir>', '数据目录 / data folder', process.env.WENZE_DATA ?? './data')
  .showHelpAfterError();

registerServe(program);
registerAudit(program);
registerBackup(program);
registerCalendar(program);
registerDemo(program);
registerDocuments(program);
registerImport(program);
registerHardening(program);
registerKeys(program);
registerRules(program);
registerStats(program);

await program.parseAsync(process.argv);
