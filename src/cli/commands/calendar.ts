// `wenze calendar list | show YEAR | load FILE | seed | uncovered`: the holiday calendar from the
// command line (an operator with the data folder acts as the system administrator), and the
// start hook that seeds it from the chinese-days package.
import fs from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors';
import {
  getCalendarYear,
  listCalendarYears,
  loadCalendarYear,
  seedCalendarFromPackage,
  uncoveredYearsReport,
  type CalendarYearDetail,
} from '../../services/calendar-service';
import { run, withSystemCtx } from '../runtime';
import type { StartHook } from '../start-hooks';

/** Start hook: copy the package's years into an empty or older table (never overwrites). */
export const seedCalendarOnStart: StartHook = async (deps) => {
  const r = await seedCalendarFromPackage(deps);
  if (r.inserted.length) {
    console.log(`节假日数据已载入 / holiday calendar seeded: ${r.inserted[0]}–${r.inserted[r.inserted.length - 1]} (${r.source})`);
  }
  for (const bad of r.invalid) console.warn(`节假日数据 ${bad.year} 年无效，已跳过 / calendar year ${bad.year} skipped: ${bad.zh} / ${bad.en}`);
};

/** Runs of consecutive dates with the same name: "国庆节 2025-10-01…10-08 (8)". */
function holidayRuns(y: CalendarYearDetail): string[] {
  const out: string[] = [];
  let run: { name: string; from: string; to: string; n: number } | undefined;
  const flush = () => run && out.push(`  ${run.name}  ${run.from}${run.n > 1 ? `…${run.to.slice(5)}` : ''} (${run.n})`);
  for (const h of y.holidays) {
    const next = run && new Date(`${run.to}T00:00:00Z`).getTime() + 86_400_000 === new Date(`${h.date}T00:00:00Z`).getTime();
    if (run && next && run.name === h.name) {
      run.to = h.date;
      run.n++;
    } else {
      flush();
      run = { name: h.name, from: h.date, to: h.date, n: 1 };
    }
  }
  flush();
  return out;
}

function parseFile(file: string): { year: unknown; body: unknown }[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('BAD_REQUEST', { zh: `无法读取 JSON 文件 ${file}`, en: `cannot read JSON file ${file}: ${(e as Error).message}` });
  }
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item) => {
    const { year, ...body } = (item ?? {}) as { year?: unknown };
    if (year === undefined) throw new AppError('VALIDATION_FAILED', { zh: '每个年度须有 year 字段', en: 'each entry needs a "year"' });
    return { year, body };
  });
}

export function registerCalendar(program: Command): void {
  const cal = program.command('calendar').description('节假日与调休日历 / holiday and working-day calendar');

  cal
    .command('list')
    .description('已载入的年度 / years loaded')
    .option('--json', 'JSON output')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(async () => {
        const years = await withSystemCtx(cmd, listCalendarYears);
        if (opts.json) return void console.log(JSON.stringify(years));
        if (!years.length) return void console.log('尚未载入节假日数据 / no calendar years loaded');
        for (const y of years) {
          console.log(`${y.year}  ${y.holidayDays} 天放假 days off, ${y.adjustedWorkdays} 天调休上班 adjusted working days  ${y.source}  ${y.loadedAt}`);
        }
      }),
    );

  cal
    .command('show <year>')
    .description('某年度的放假与调休 / one year’s holidays and adjusted working days')
    .option('--json', 'JSON output')
    .action((year: string, opts: { json?: boolean }, cmd: Command) =>
      run(async () => {
        const y = await withSystemCtx(cmd, (ctx) => getCalendarYear(ctx, year));
        if (opts.json) return void console.log(JSON.stringify(y));
        console.log(`${y.year} 年（来源 source: ${y.source}，载入 loaded ${y.loadedAt} by ${y.loadedBy}）`);
        console.log('放假 / days off:');
        for (const line of holidayRuns(y)) console.log(line);
        console.log('调休上班 / adjusted working days:');
        for (const w of y.workdays) console.log(`  ${w.date}${w.name ? `  ${w.name}` : ''}`);
      }),
    );

  cal
    .command('load <file>')
    .description(
      '载入或替换年度数据（JSON：{"year":2027,"holidays":[{"date","name"}],"workdays":["YYYY-MM-DD"]}，或其数组） / load or replace years from a JSON file',
    )
    .action((file: string, _opts: unknown, cmd: Command) =>
      run(async () => {
        const entries = parseFile(file);
        await withSystemCtx(cmd, async (ctx) => {
          for (const e of entries) {
            const y = await loadCalendarYear(ctx, e.year, e.body);
            console.log(`已载入 loaded ${y.year}: ${y.holidayDays} 天放假 days off, ${y.adjustedWorkdays} 天调休上班 adjusted working days (revision ${y.revision})`);
          }
        });
      }),
    );

  cal
    .command('seed')
    .description('从 chinese-days 补充缺少的年度（不覆盖已有数据） / add missing years from chinese-days (never overwrites)')
    .action((_opts: unknown, cmd: Command) =>
      run(async () => {
        const r = await withSystemCtx(cmd, (ctx) => seedCalendarFromPackage(ctx));
        console.log(r.inserted.length ? `已载入 seeded: ${r.inserted.join(', ')} (${r.source})` : `无需载入 / nothing to seed (${r.source})`);
        return r.invalid.length ? 1 : 0;
      }),
    );

  cal
    .command('uncovered')
    .description('缺少数据、期限因而暂定的年度 / years without data (their deadlines are provisional)')
    .option('--json', 'JSON output')
    .action((opts: { json?: boolean }, cmd: Command) =>
      run(async () => {
        const r = await withSystemCtx(cmd, uncoveredYearsReport);
        if (opts.json) return void console.log(JSON.stringify(r));
        if (!r.items.length) return void console.log(`所需年度均已载入 / every year needed is loaded (today ${r.today})`);
        for (const i of r.items) {
          console.log(`${i.year}: ${i.reasons.map((x) => `${x.labelZh} / ${x.labelEn}${x.count > 1 ? ` ×${x.count}` : ''}`).join('; ')}`);
        }
        return 4;
      }),
    );
}
