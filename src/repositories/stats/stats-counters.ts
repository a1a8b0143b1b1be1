// The year's figures as counters (issue 14 point 5/6: yearly statistics flat as data grows).
//
// Each case contributes a set of tuples (organisation, year, figure, key, n) computed from its own
// rows by `caseContribution` — the same definitions the grouped SQL used (see stats-repo.ts):
// state, source, days to close (a histogram of exact days: buckets and the median are exact from
// it), distinct units of its subjects, faults of its current findings, forms (or exempt) of the
// items of its in-force decisions, deadlines met late by kind, deadlines not met by kind and due date, appeal outcomes, award bars by the
// bar's own year (FL-14 当年), back-dated steps by action. `stats_case_contrib` holds each case's
// current contribution and `stats_counters` their sum per (year, organisation, figure, key).
//
// Write time: database triggers (migration 0480) mark a case in `stats_dirty` inside the writing
// transaction whenever one of its counted rows changes, whatever code wrote it, so no write path
// can bypass the count. `drainStatsDirty` recomputes the dirty cases' contributions, applies the
// differences to the counters and clears the marks, in one transaction (serialized on
// PostgreSQL by an advisory lock); the statistics call it before reading, so its cost is the
// number of cases changed since the last read, not the number of cases. `rebuildStatsCounters`
// recomputes everything (`wenze stats rebuild`). Deadlines overdue now depend on today's date:
// the deadlines not yet met are counted by kind and due date ('due'), and the read sums the keys
// due before today — bounded by the number of distinct due dates, not of deadlines.
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { isPostgresHandle } from '../../db/database';
import { inTransaction, type Tx } from '../../db/tx';
import type { Q } from '../cases/case-repo';

export type Contribution = [orgId: string, year: number, figure: string, key: string, n: number][];

/** The figures kept as counters (`stats_counters.figure`). */
export type CounterFigure = 'state' | 'source' | 'close' | 'unit' | 'fault' | 'form' | 'late' | 'due' | 'appeal' | 'bar' | 'backdated';

interface CaseRows {
  c: { id: string; org_id: string; year: number; state: string; source: string; wc5_item: number | null; received_on: string; closed_on: string | null };
  subjects: { unit_id: string | null }[];
  findings: { id: string; data: string; supersedes_id: string | null }[];
  decisions: { id: string; status: string }[];
  items: { decision_id: string; forms: string; no_accountability: number }[];
  deadlines: { kind: string; due_date: string; met_on: string | null }[];
  appeals: { outcome: string }[];
  bars: { kind: string; status: string; year: number | null; unit_id: string | null }[];
  steps: { action: string; data: string }[];
}

const parse = (text: string | null): unknown => {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
};
/** A JSON array element as the SQL aggregate saw it (json_each / jsonb_array_elements_text): scalars as text, objects and arrays as JSON. */
const elementKey = (v: unknown): string | null => (v === null ? null : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v));
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const dayNumber = (d: string): number => Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / 86_400_000;
/** Days from received to closed, as the statistics count them. */
export const daysBetween = (received: string, closed: string): number => Math.round(dayNumber(closed) - dayNumber(received));

/** What one case adds to the counters, from its rows (the definitions of the year's figures). */
export function caseContribution(r: CaseRows): Contribution {
  const { c } = r;
  const m = new Map<string, [string, number, string, string, number]>();
  const add = (year: number, figure: CounterFigure, key: string | null) => {
    if (key === null) return;
    const id = `${year}\u0000${figure}\u0000${key}`;
    const e = m.get(id);
    if (e) e[4] += 1;
    else m.set(id, [c.org_id, year, figure, key, 1]);
  };
  const y = c.year;
  add(y, 'state', c.state);
  add(y, 'source', c.source === 'wc5' ? `WC-5(${c.wc5_item ?? '?'})` : 'report');
  if (c.closed_on) add(y, 'close', String(daysBetween(c.received_on, c.closed_on)));
  for (const u of new Set(r.subjects.map((s) => s.unit_id ?? 'none'))) add(y, 'unit', u);
  const superseded = new Set(r.findings.map((f) => f.supersedes_id).filter(Boolean));
  for (const f of r.findings) {
    if (superseded.has(f.id)) continue;
    const data = parse(f.data);
    const faults = data && typeof data === 'object' && !Array.isArray(data) ? (data as { faults?: unknown }).faults : undefined;
    for (const k of arrayOf(faults)) add(y, 'fault', elementKey(k));
  }
  const inForce = new Set(r.decisions.filter((d) => d.status === 'in_force').map((d) => d.id));
  for (const i of r.items) {
    if (!inForce.has(i.decision_id)) continue;
    if (Number(i.no_accountability) === 1) add(y, 'form', 'exempt');
    else for (const k of arrayOf(parse(i.forms))) add(y, 'form', elementKey(k));
  }
  for (const d of r.deadlines) {
    if (d.met_on !== null && d.met_on > d.due_date) add(y, 'late', d.kind);
    // not met yet, by due date: overdue on a given day is the sum of the keys due before it
    if (d.met_on === null) add(y, 'due', `${d.kind}|${d.due_date}`);
  }
  for (const a of r.appeals) add(y, 'appeal', a.outcome);
  for (const b of r.bars) if (b.year !== null && (b.kind === 'award_bar_person' || b.kind === 'award_bar_unit') && b.status !== 'cancelled') add(b.year, 'bar', `${b.unit_id ?? 'none'}|${b.kind}`);
  for (const s of r.steps) {
    const data = parse(s.data);
    if (data && typeof data === 'object' && (data as { backdated?: unknown }).backdated) add(y, 'backdated', s.action);
  }
  return [...m.values()];
}

/** The rows of the cases (a batch of ids) their contributions are computed from. */
async function contributionsOf(q: Q, ids: string[]): Promise<Map<string, Contribution>> {
  const out = new Map<string, Contribution>();
  if (!ids.length) return out;
  const [cases, subjects, findings, decisions, items, deadlines, appeals, bars, steps] = await Promise.all([
    q.selectFrom('cases').select(['id', 'org_id', 'year', 'state', 'source', 'wc5_item', 'received_on', 'closed_on']).where('id', 'in', ids).execute(),
    q.selectFrom('case_subjects').select(['case_id', 'unit_id']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_findings').select(['case_id', 'id', 'data', 'supersedes_id']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_decisions').select(['case_id', 'id', 'status']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_decision_items').select(['case_id', 'decision_id', 'forms', 'no_accountability']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_deadlines').select(['case_id', 'kind', 'due_date', 'met_on']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_appeals').select(['case_id', 'outcome']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_execution_items').select(['case_id', 'kind', 'status', 'year', 'unit_id']).where('case_id', 'in', ids).where('kind', 'in', ['award_bar_person', 'award_bar_unit']).execute(),
    q.selectFrom('case_steps').select(['case_id', 'action', 'data']).where('case_id', 'in', ids).where(sql<boolean>`data LIKE '%"backdated"%'`).execute(),
  ]);
  const group = <T extends { case_id: string }>(rows: T[]): Map<string, T[]> => {
    const g = new Map<string, T[]>();
    for (const r of rows) {
      const list = g.get(r.case_id);
      if (list) list.push(r);
      else g.set(r.case_id, [r]);
    }
    return g;
  };
  const [gs, gf, gd, gi, gl, ga, gb, gst] = [group(subjects), group(findings), group(decisions), group(items), group(deadlines), group(appeals), group(bars), group(steps)];
  for (const c of cases) {
    out.set(
      c.id,
      caseContribution({
        c: { ...c, year: Number(c.year), wc5_item: c.wc5_item === null ? null : Number(c.wc5_item) } as CaseRows['c'],
        subjects: gs.get(c.id) ?? [],
        findings: gf.get(c.id) ?? [],
        decisions: gd.get(c.id) ?? [],
        items: (gi.get(c.id) ?? []).map((i) => ({ ...i, no_accountability: Number(i.no_accountability) })),
        deadlines: gl.get(c.id) ?? [],
        appeals: ga.get(c.id) ?? [],
        bars: (gb.get(c.id) ?? []).map((b) => ({ ...b, year: b.year === null ? null : Number(b.year) })),
        steps: gst.get(c.id) ?? [],
      }),
    );
  }
  return out;
}

const BATCH = 500;
/** PostgreSQL: one drain at a time (the counters' read-modify-write must not interleave). */
const DRAIN_LOCK = 0x57e57a75;

/** Applies the dirty cases of one batch: new contributions minus stored ones, onto the counters. */
async function applyBatch(tx: Tx, ids: string[]): Promise<void> {
  const fresh = await contributionsOf(tx, ids);
  const stored = await tx.selectFrom('stats_case_contrib').select(['case_id', 'data']).where('case_id', 'in', ids).execute();
  const delta = new Map<string, { year: number; org_id: string; figure: string; key: string; n: number }>();
  const apply = (contrib: Contribution, sign: 1 | -1) => {
    for (const [org, year, figure, key, n] of contrib) {
      const id = `${year}\u0000${org}\u0000${figure}\u0000${key}`;
      const e = delta.get(id);
      if (e) e.n += sign * n;
      else delta.set(id, { year, org_id: org, figure, key, n: sign * n });
    }
  };
  for (const s of stored) apply(JSON.parse(s.data) as Contribution, -1);
  for (const c of fresh.values()) apply(c, 1);
  const changes = [...delta.values()].filter((d) => d.n !== 0);
  for (let i = 0; i < changes.length; i += 200) {
    await tx
      .insertInto('stats_counters')
      .values(changes.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['year', 'org_id', 'figure', 'key']).doUpdateSet({ n: sql`stats_counters.n + excluded.n` }))
      .execute();
  }
  await tx.deleteFrom('stats_case_contrib').where('case_id', 'in', ids).execute();
  const rows = [...fresh].filter(([, c]) => c.length).map(([case_id, c]) => ({ case_id, data: JSON.stringify(c) }));
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('stats_case_contrib').values(rows.slice(i, i + 200)).execute();
  await tx.deleteFrom('stats_dirty').where('case_id', 'in', ids).execute();
}

/** Whether some case's counted rows changed since the counters were last brought up to date. */
export async function statsDirty(q: Q): Promise<boolean> {
  return Boolean(await q.selectFrom('stats_dirty').select('case_id').limit(1).executeTakeFirst());
}

/** Brings the counters up to date from the dirty cases (one transaction); how many cases were recounted. */
export async function drainStatsDirty(db: Db): Promise<number> {
  if (!(await statsDirty(db.kysely))) return 0;
  return inTransaction(db, async (tx) => {
    if (isPostgresHandle(tx)) await sql`SELECT pg_advisory_xact_lock(${DRAIN_LOCK})`.execute(tx);
    let done = 0;
    for (;;) {
      const ids = (await tx.selectFrom('stats_dirty').select('case_id').orderBy('case_id').limit(BATCH).execute()).map((r) => r.case_id);
      if (!ids.length) return done;
      await applyBatch(tx, ids);
      done += ids.length;
    }
  });
}

/** Empties the counters and marks every case to be counted again (after a restore; the next read or drain counts them). */
export async function resetStatsCounters(db: Db): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (isPostgresHandle(tx)) await sql`SELECT pg_advisory_xact_lock(${DRAIN_LOCK})`.execute(tx);
    await tx.deleteFrom('stats_counters').execute();
    await tx.deleteFrom('stats_case_contrib').execute();
    await tx.deleteFrom('stats_dirty').execute();
    await sql`INSERT INTO stats_dirty (case_id) SELECT id FROM cases`.execute(tx);
  });
}

/** Recounts every case from scratch (`wenze stats rebuild`): counters and contributions emptied, every case marked, drained. */
export async function rebuildStatsCounters(db: Db): Promise<number> {
  await resetStatsCounters(db);
  return drainStatsDirty(db);
}
