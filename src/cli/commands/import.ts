// `wenze import <kind> <file>`: the registers' import from the command line (issue 14) — the same
// checks, per-row report and audit as the upload on the registers' pages. A .csv file is streamed
// (original enforcement cases: batched inserts, fit for a million rows); an .xlsx file is read
// whole. The operator with the data folder acts as the system. Exit 0 when the rows were written
// (or, with --mode check, when every row is valid), 3 otherwise. With more than one organisation
// the operator names the one the rows belong to (`--org`, id or short name): the import then acts
// as the system in that organisation alone (its registers, its people), as a clerk of it would.
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors';
import { SYSTEM_ACTOR, type Actor } from '../../policies/roles';
import { allOrgs } from '../../services/orgs/org-repo';
import { importCsv } from '../../services/excel/csv-import';
import { EXCEL_KINDS, IMPORT_MODES, importWorkbook, type ExcelKind, type ImportMode } from '../../services/excel/import-export';
import { globalOpts, openDeps, run } from '../runtime';

export function registerImport(program: Command): void {
  program
    .command('import <kind> <file>')
    .description(`从 CSV 或 Excel 导入台账（${EXCEL_KINDS.join(' | ')}）/ import a register from .csv or .xlsx`)
    .option('--mode <mode>', `${IMPORT_MODES.join(' | ')}：全部有效才导入 / 只导入有效行 / 只校验`, 'all')
    .option('--update', '案号等已登记的行更新该记录 / rows whose key is registered update that record')
    .option('--org <org>', '导入到哪个机关（编号或简称；有多个机关时必填）/ the organisation the rows belong to (id or short name; required when there are several)')
    .option('--json', 'JSON output (the whole report)')
    .action((kind: string, file: string, opts: { mode: string; update?: boolean; json?: boolean; org?: string }, cmd: Command) =>
      run(async () => {
        if (!(EXCEL_KINDS as readonly string[]).includes(kind)) throw new AppError('VALIDATION_FAILED', { zh: `未知台账：${kind}`, en: `unknown register: ${kind}` });
        if (!(IMPORT_MODES as readonly string[]).includes(opts.mode)) throw new AppError('VALIDATION_FAILED', { zh: `未知方式：${opts.mode}`, en: `unknown mode: ${opts.mode}` });
        if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', { zh: `无法读取文件 ${file}`, en: `cannot read ${file}` });
        const deps = await openDeps(globalOpts(cmd));
        try {
          const ctx = { ...deps, actor: await importActor(deps.db.kysely, opts.org) };
          const mode = opts.mode as ImportMode;
          const report = /\.csv$/i.test(file)
            ? await importCsv(ctx, kind as ExcelKind, fs.createReadStream(file), mode, Boolean(opts.update))
            : await importWorkbook(ctx, kind as ExcelKind, fs.readFileSync(file), mode, Boolean(opts.update));
          if (opts.json) console.log(JSON.stringify(report));
          else {
            console.log(`共 ${report.total} 行，有效 ${report.valid}，无效 ${report.invalid}，已导入 ${report.imported} / ${report.total} rows, ${report.valid} valid, ${report.invalid} invalid, ${report.imported} imported`);
            for (const r of report.rows.filter((x) => !x.ok).slice(0, 50)) for (const e of r.errors) console.log(`第 ${r.row} 行 row ${r.row} [${e.code ?? e.path}] ${e.zh} / ${e.en}`);
            // a row correcting a fact accountability cases rest on (update by key), with its 更正理由
            for (const r of report.rows.filter((x) => x.ok && x.corrections.length).slice(0, 50)) for (const c of r.corrections) console.log(`第 ${r.row} 行 row ${r.row} [更正 correction: ${c.fact}] ${c.zh}（更正理由：${c.reason ?? ''}）/ ${c.en}`);
          }
          return report.committed || (mode === 'check' && report.invalid === 0) ? 0 : 3;
        } finally {
          await deps.db.close();
        }
      }),
    );
}

/**
 * The system acting in one organisation: the one named by `--org`, or the only one there is. With
 * several and none named the import is refused — rows of one commission must not land in another.
 */
async function importActor(q: Parameters<typeof allOrgs>[0], named: string | undefined): Promise<Actor> {
  const orgs = await allOrgs(q);
  const org = named === undefined ? (orgs.length === 1 ? orgs[0] : undefined) : orgs.find((o) => o.id === named || o.shortName === named);
  if (!org) {
    const list = orgs.map((o) => `${o.id}（${o.shortName}）`).join('、');
    throw named === undefined
      ? new AppError('VALIDATION_FAILED', { zh: `本系统有多个机关，请用 --org 指明导入到哪个机关：${list}`, en: `There are several organisations; name the one the rows belong to with --org: ${list}` })
      : new AppError('NOT_FOUND', { zh: `没有机关“${named}”；可选：${list}`, en: `No organisation "${named}"; one of: ${list}` });
  }
  return { ...SYSTEM_ACTOR, orgId: org.id, orgScope: [org.id] };
}
