// Import benchmark (`npm run bench -- import`, issue 14 point 6): 1,000,000 original enforcement
// cases (原执法案件) from CSV through the product import — streamed, every row validated with
// the registers' zod schema and reference checks, org-scoped, batched multi-row inserts in one
// transaction, audited per batch and per import — against PostgreSQL `COPY` of the same rows
// (the cases and their participants, ids resolved beforehand: the fastest way rows can enter
// the tables). The Excel import (whole workbook in memory, one create per row with its audit
// row) is timed on BENCH_IMPORT_EXCEL_ROWS rows (default 5,000) and compared per row.
//
// Data: 1 commission, 12 sections and 400 people made through the services; the CSV (written to
// a temp folder) has realistic rows: case numbers per year, the four kinds, titles and summaries
// in Chinese, companies and persons with ID numbers, 1–2 handlers, 1–3 approvers by level, a
// collective deliberation in ~30% (3–5 members with opinions, chaired by a member), instructing
// leaders in ~5%, assigners in ~20%.
//
// BENCH_IMPORT_ROWS (default 1000000), BENCH_IMPORT_EXCEL_ROWS (5000), BENCH_ENGINES
// (postgres,sqlite; PostgreSQL needs TEST_DATABASE_URL or DATABASE_URL, a throw-away schema is
// made and dropped). Last line: one JSON object. Target: product/COPY >= 0.3.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Db } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { LocalFileStore } from '../src/files/file-store';
import { FixedClock } from '../src/lib/clock';
import { newId } from '../src/lib/ids';
import { SYSTEM_ACTOR } from '../src/policies/roles';
import type { Ctx } from '../src/services/context';
import { importOriginalCasesCsv, readCsvRows } from '../src/services/excel/csv-import';
import { importWorkbook, originalCaseRowInput } from '../src/services/excel/import-export';
import { ORIGINAL_CASE_COLUMNS } from '../src/services/excel/sheets';
import { writeWorkbook } from '../src/services/excel/workbook';
import { createPerson, createUnit, loadUnits } from '../src/services/registers';
import { DEFAULT_ORG_ID } from '../src/db/tables/organisations';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const EXCEL_ROWS = Number(process.env.BENCH_IMPORT_EXCEL_ROWS ?? 5000);
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,sqlite').split(',').filter((e) => e === 'sqlite' || (e === 'postgres' && PG_URL));
const NOW = '2026-11-29T02:00:00.000Z';
const PEOPLE = 400;
const SECTIONS = 12;

const r2 = (x: number): number => Math.round(x * 100) / 100;
const secs = (t0: number): number => (performance.now() - t0) / 1000;

// a small deterministic generator: the same file for every run of the same size
let seed = 20261129;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));

const KINDS = ['行政处罚', '行政许可', '行政检查', '行政强制'];
const TITLES = ['未取得施工许可证擅自施工', '建筑工程未经竣工验收擅自交付使用', '违反建筑节能标准', '未按规定办理质量监督手续', '物业服务企业未履行维修义务', '商品房预售许可申请', '建设工程消防验收检查', '扬尘污染防治检查', '查封违法建设施工现场', '建筑施工企业资质核查'];
const SUMMARIES = ['经现场检查发现该项目未取得施工许可证即开工建设，已责令停止施工。', '当事人于检查时未能提供相关材料，经调查核实后作出处理决定。', '申请材料齐全，符合法定形式，依法予以办理。', '现场存在安全隐患，依法采取查封措施并告知当事人权利。'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const COMPANIES = ['建筑工程有限公司', '房地产开发有限公司', '物业管理有限公司', '建材贸易有限公司', '市政工程有限公司'];
const PLACES = ['巴南', '鱼洞', '李家沱', '界石', '南彭', '一品', '木洞', '花溪'];
const OPINIONS = ['坚持错误意见', '同意', '反对', '未表态'];

const csvCell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

function idNo(): string {
  const d = `${int(1960, 2000)}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}`;
  return `500113${d}${String(int(0, 999)).padStart(3, '0')}${pick(['1', '2', '3', 'X'])}`;
}

/** The CSV: header + n rows; numbers `巴住建{kind}〔year〕seq号` unique; `prefix` keeps two files apart. */
async function writeCsv(file: string, n: number, units: string[], emps: string[], prefix = ''): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('\ufeff' + ORIGINAL_CASE_COLUMNS.filter((c) => !c.exportOnly).map((c) => c.zh).join(',') + '\r\n');
  const seqByYear = new Map<number, number>();
  let buf = '';
  for (let i = 0; i < n; i++) {
    const year = int(2015, 2025);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const kind = pick(KINDS);
    const personCp = rnd() < 0.4;
    const people = new Set<string>();
    const take = (k: number): string[] => {
      const xs: string[] = [];
      while (xs.length < k) {
        const e = pick(emps);
        if (people.has(e)) continue;
        people.add(e);
        xs.push(e);
      }
      return xs;
    };
    const handlers = take(int(1, 2));
    const approvers = take(int(1, 3));
    const delib = rnd() < 0.3 ? [...approvers.slice(-1), ...take(int(2, 4))] : [];
    const month = int(1, 12);
    const day = int(1, 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const row = [
      `${prefix}巴住建${kind.slice(2, 3)}〔${year}〕${seq}号`,
      kind,
      pick(TITLES),
      rnd() < 0.7 ? pick(SUMMARIES) : '',
      pick(units),
      date,
      personCp ? `${SURNAMES[int(0, SURNAMES.length - 1)]}某${int(1, 99)}` : `重庆${pick(PLACES)}${pick(COMPANIES)}`,
      personCp ? '个人' : '单位',
      personCp ? idNo() : `91500113MA${String(int(1e6, 9e6))}X`,
      handlers.join('、'),
      approvers.join('、'),
      delib.length ? `${year}-${String(month).padStart(2, '0')}-${String(Math.max(1, day - 1)).padStart(2, '0')}` : '',
      delib.length ? delib[0]! : '',
      delib.map((e) => `${e}:${pick(OPINIONS)}`).join('、'),
      rnd() < 0.05 ? take(1).join('、') : '',
      rnd() < 0.2 ? take(1).join('、') : '',
    ];
    buf += row.map(csvCell).join(',') + '\r\n';
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(r));
  return fs.statSync(file).size;
}

async function setupRegisters(ctx: Ctx): Promise<{ units: string[]; emps: string[] }> {
  const commission = await createUnit(ctx, { name: '重庆市巴南区住房和城乡建设委员会', shortCode: 'BNZJW', kind: 'commission' });
  const units: string[] = [];
  for (let i = 1; i <= SECTIONS; i++) units.push((await createUnit(ctx, { name: `科室${i}`, shortCode: `KS${i}`, kind: 'section', parentId: commission.id })).shortCode);
  const ids = (await loadUnits(ctx.db)).filter((u) => u.kind === 'section').map((u) => u.id);
  const emps: string[] = [];
  for (let i = 1; i <= PEOPLE; i++) {
    const e = `E${String(i).padStart(5, '0')}`;
    await createPerson(ctx, { name: `${SURNAMES[i % SURNAMES.length]}执法${String(i).replace(/\d/g, (d) => '〇一二三四五六七八九'[Number(d)]!)}`, unitId: ids[i % ids.length]!, post: '科员', employeeNo: e });
    emps.push(e);
  }
  return { units, emps };
}

const tsv = (v: string | number | null | undefined): string =>
  v === null || v === undefined ? '\\N' : String(v).replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');

const CASE_COLS = ['id', 'org_id', 'number', 'kind', 'title', 'summary', 'unit_id', 'decision_date', 'counterpart_name', 'counterpart_type', 'counterpart_id_no', 'deliberation_date', 'deliberation_note', 'version', 'created_at', 'updated_at'];
const PART_COLS = ['id', 'case_id', 'person_id', 'role', 'level', 'opinion', 'is_chair', 'note', 'ordinal'];

/** The same rows as COPY text files (ids resolved, participants as the import makes them): untimed preparation. */
async function prepareCopyFiles(ctx: Ctx, csv: string, dir: string): Promise<{ cases: string; parts: string; n: number; participants: number }> {
  const units = new Map((await loadUnits(ctx.db)).map((u) => [u.shortCode.toUpperCase(), u]));
  const people = new Map((await ctx.db.kysely.selectFrom('people').select(['id', 'employee_no']).execute()).map((p) => [p.employee_no!, p.id]));
  const casesFile = path.join(dir, 'cases.tsv');
  const partsFile = path.join(dir, 'parts.tsv');
  const co = fs.createWriteStream(casesFile);
  const po = fs.createWriteStream(partsFile);
  let cb = '';
  let pb = '';
  let n = 0;
  let participants = 0;
  for await (const { cells } of readCsvRows(fs.createReadStream(csv), ORIGINAL_CASE_COLUMNS)) {
    const { parsed: p } = originalCaseRowInput(cells, people, units);
    if (!p) throw new Error('bench row invalid');
    const id = newId();
    cb += [id, DEFAULT_ORG_ID, p.number, p.kind, p.title, p.summary, p.unitId, p.decisionDate, p.counterpart.name, p.counterpart.type, p.counterpart.idNo, p.deliberation?.date ?? null, p.deliberation?.note ?? null, 1, NOW, NOW].map(tsv).join('\t') + '\n';
    let ord = 0;
    const push = (person: string, role: string, level: number | null = null, opinion: string | null = null, chair = 0, note: string | null = null) => {
      pb += [newId(), id, person, role, level, opinion, chair, note, ord++].map(tsv).join('\t') + '\n';
      participants++;
    };
    for (const h of p.handlers) push(h.personId, 'handler');
    for (const a of p.approvers) push(a.personId, 'approver', a.level);
    if (p.deliberation) for (const m of p.deliberation.members) push(m.personId, 'deliberation_member', null, m.opinion, m.personId === p.deliberation.chairId ? 1 : 0);
    for (const l of p.instructingLeaders) push(l.personId, 'instructing_leader', null, null, 0, l.note);
    for (const a of p.assigners) push(a.personId, 'assigner', null, null, 0, a.note);
    n++;
    if (cb.length > 1 << 20) {
      co.write(cb);
      cb = '';
    }
    if (pb.length > 1 << 20) {
      po.write(pb);
      pb = '';
    }
  }
  co.write(cb);
  po.write(pb);
  await Promise.all([new Promise<void>((r) => co.end(r)), new Promise<void>((r) => po.end(r))]);
  return { cases: casesFile, parts: partsFile, n, participants };
}

async function copyBaseline(db: Db, files: { cases: string; parts: string }): Promise<number> {
  const client = await db.pool!.connect();
  try {
    const t0 = performance.now();
    await client.query('BEGIN');
    await pipeline(fs.createReadStream(files.cases), client.query(copyFrom(`COPY original_cases (${CASE_COLS.join(', ')}) FROM STDIN`)));
    await pipeline(fs.createReadStream(files.parts), client.query(copyFrom(`COPY original_case_participants (${PART_COLS.join(', ')}) FROM STDIN`)));
    await client.query('COMMIT');
    return secs(t0);
  } finally {
    client.release();
  }
}

async function count(db: Db, table: 'original_cases' | 'original_case_participants'): Promise<number> {
  return Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

interface EngineResult {
  engine: string;
  rows: number;
  participants: number;
  importSeconds: number;
  importRowsPerSecond: number;
  copySeconds?: number;
  copyRowsPerSecond?: number;
  ratio?: number;
  excelRows: number;
  excelSeconds: number;
  excelRowsPerSecond: number;
  excelRatio?: number;
  peakRssMb: number;
}

async function runEngine(engine: string, dir: string): Promise<EngineResult> {
  const schema = `bench_import_${randomBytes(4).toString('hex')}`;
  const db = engine === 'postgres' ? await openDatabase({ databaseUrl: PG_URL, pgSchema: schema, poolSize: 4 }) : await openDatabase({ dataDir: path.join(dir, 'sqlite') });
  try {
    await migrateToLatest(db);
    const ctx: Ctx = { db, clock: new FixedClock(NOW), files: new LocalFileStore(path.join(dir, `files-${engine}`)), actor: SYSTEM_ACTOR };
    const { units, emps } = await setupRegisters(ctx);
    const csv = path.join(dir, 'cases.csv');
    if (!fs.existsSync(csv)) {
      const t0 = performance.now();
      const size = await writeCsv(csv, ROWS, units, emps);
      console.log(`CSV: ${ROWS.toLocaleString('en')} rows, ${(size / 2 ** 20).toFixed(0)} MiB, written in ${secs(t0).toFixed(1)} s (${csv})`);
    }
    let copySeconds: number | undefined;
    if (engine === 'postgres') {
      let t0 = performance.now();
      const files = await prepareCopyFiles(ctx, csv, dir);
      console.log(`[postgres] COPY files prepared (untimed): ${files.n} cases, ${files.participants} participants, ${secs(t0).toFixed(1)} s`);
      t0 = performance.now();
      copySeconds = await copyBaseline(db, files);
      console.log(`[postgres] COPY: ${copySeconds.toFixed(1)} s (${Math.round(files.n / copySeconds)} cases/s)`);
      await sql`TRUNCATE original_case_participants, original_cases CASCADE`.execute(db.kysely);
      await sql`CHECKPOINT`.execute(db.kysely); // evens out the WAL before the timed import (the bench runs as a superuser)
    }
    let rss = process.memoryUsage().rss;
    const timer = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 250);
    let t0 = performance.now();
    const report = await importOriginalCasesCsv(ctx, fs.createReadStream(csv), 'all');
    const importSeconds = secs(t0);
    clearInterval(timer);
    if (!report.committed || report.imported !== ROWS) throw new Error(`import failed: ${JSON.stringify({ ...report, rows: report.rows.slice(0, 3) })}`);
    const participants = await count(db, 'original_case_participants');
    console.log(`[${engine}] product import: ${importSeconds.toFixed(1)} s (${Math.round(ROWS / importSeconds)} cases/s, ${participants} participants), peak RSS ${Math.round(rss / 2 ** 20)} MiB`);

    // the Excel path, per row, on a smaller file
    const xlRows: Record<string, unknown>[] = [];
    const xcsv = path.join(dir, `excel-${engine}.csv`);
    await writeCsv(xcsv, EXCEL_ROWS, units, emps, 'XL-');
    for await (const { cells } of readCsvRows(fs.createReadStream(xcsv), ORIGINAL_CASE_COLUMNS)) xlRows.push(Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v ?? ''])));
    const xlsx = await writeWorkbook([{ name: '原执法案件', columns: ORIGINAL_CASE_COLUMNS.filter((c) => !c.exportOnly), rows: xlRows }]);
    t0 = performance.now();
    const xr = await importWorkbook(ctx, 'original-cases', xlsx, 'all');
    const excelSeconds = secs(t0);
    if (!xr.committed) throw new Error('excel import failed');
    console.log(`[${engine}] Excel import: ${EXCEL_ROWS} rows in ${excelSeconds.toFixed(1)} s (${Math.round(EXCEL_ROWS / excelSeconds)} cases/s)`);
    const out: EngineResult = {
      engine,
      rows: ROWS,
      participants,
      importSeconds: r2(importSeconds),
      importRowsPerSecond: Math.round(ROWS / importSeconds),
      excelRows: EXCEL_ROWS,
      excelSeconds: r2(excelSeconds),
      excelRowsPerSecond: Math.round(EXCEL_ROWS / excelSeconds),
      peakRssMb: Math.round(rss / 2 ** 20),
    };
    if (copySeconds !== undefined) {
      out.copySeconds = r2(copySeconds);
      out.copyRowsPerSecond = Math.round(ROWS / copySeconds);
      out.ratio = r2(copySeconds / importSeconds);
      out.excelRatio = Math.round((EXCEL_ROWS / excelSeconds / (ROWS / copySeconds)) * 1000) / 1000;
      console.log(`[postgres] product CSV import / COPY = ${out.ratio} (target >= 0.3); Excel import / COPY = ${out.excelRatio}`);
    }
    return out;
  } finally {
    if (engine === 'postgres') await sql.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).execute(db.kysely);
    await db.close();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wenze-bench-import-'));
  try {
    const results: EngineResult[] = [];
    for (const e of ENGINES) results.push(await runEngine(e, dir));
    const pg = results.find((r) => r.engine === 'postgres');
    console.log(JSON.stringify({ bench: 'import', rows: ROWS, excelRows: EXCEL_ROWS, target: 0.3, ratio: pg?.ratio ?? null, results }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
