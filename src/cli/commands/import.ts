// `wenze import <kind> <file>`: the registers' import from the command line (issue 14) — the same
// checks, per-row report and audit as the upload on the registers' pages. A .csv file is streamed
// (original enforcement cases: batched inserts, fit for a million rows); an .xlsx file is read
// whole. The operator with the data folder acts as the system. Exit 0 when the rows were written
// (or, with --mode check, when every row is valid), 3 otherwise.
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors';
import { SYSTEM_ACTOR } from '../../policies/roles';
import { importCsv } from '../../services/excel/csv-import';
import { EXCEL_KINDS, IMPORT_MODES, importWorkbook, type ExcelKind, type ImportMode } from '../../services/excel/import-export';
import { globalOpts, openDeps, run } from '../runtime';

export function registerImport(program: Command): void {
  program
    .command('import <kind> <file>')
    .description(`从 CSV 或 Excel 导入台账（${EXCEL_KINDS.join(' | ')}）/ import a register from .csv or .xlsx`)
    .option('--mode <mode>', `${IMPORT_MODES.join(' | ')}：全部有效才导入 / 只导入有效行 / 只校验`, 'all')
    .option('--update', '案号等已登记的行更新该记录 / rows whose key is registered update that record')
    .option('--json', 'JSON output (the whole report)')
    .action((kind: string, file: string, opts: { mode: string; update?: boolean; json?: boolean }, cmd: Command) =>
      run(async () => {
        if (!(EXCEL_KINDS as readonly string[]).includes(kind)) throw new AppError('VALIDATION_FAILED', { zh: `未知台账：${kind}`, en: `unknown register: ${kind}` });
        if (!(IMPORT_MODES as readonly string[]).includes(opts.mode)) throw new AppError('VALIDATION_FAILED', { zh: `未知方式：${opts.mode}`, en: `unknown mode: ${opts.mode}` });
        if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', { zh: `无法读取文件 ${file}`, en: `cannot read ${file}` });
        const deps = await openDeps(globalOpts(cmd));
        try {
          const ctx = { ...deps, actor: SYSTEM_ACTOR };
          const mode = opts.mode as ImportMode;
          const report = /\.csv$/i.test(file)
            ? await importCsv(ctx, kind as ExcelKind, fs.createReadStream(file), mode, Boolean(opts.update))
            : await importWorkbook(ctx, kind as ExcelKind, fs.readFileSync(file), mode, Boolean(opts.update));
          if (opts.json) console.log(JSON.stringify(report));
          else {
            console.log(`共 ${report.total} 行，有效 ${report.valid}，无效 ${report.invalid}，已导入 ${report.imported} / ${report.total} rows, ${report.valid} valid, ${report.invalid} invalid, ${report.imported} imported`);
            for (const r of report.rows.filter((x) => !x.ok).slice(0, 50)) for (const e of r.errors) console.log(`第 ${r.row} 行 row ${r.row} [${e.code ?? e.path}] ${e.zh} / ${e.en}`);
          }
          return report.committed || (mode === 'check' && report.invalid === 0) ? 0 : 3;
        } finally {
          await deps.db.close();
        }
      }),
    );
}
