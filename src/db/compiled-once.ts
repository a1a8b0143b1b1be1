// Statements of fixed shape compiled once. Kysely builds and compiles a statement on every call:
// for the case aggregate (about 60 sub-selects) and a step's facts that is a tree of thousands of
// frozen nodes visited on each run — more time than SQLite takes to run them (issue 14: 0.3 ms of
// a 1 ms case view). Here such a statement is built once per variant (engine and the options that
// change its text) with a marker in place of each argument, compiled, and kept as its SQL text and
// parameter list; a call puts its own values where the markers were and runs the same text.
//
// Safe by construction: the builder sees only markers for the values that vary (what it closes over
// is fixed for the process), and a marker that would end up in the SQL text, or inside a parameter
// rather than as one, refuses to compile (an argument used in a way that changes the text must be
// part of the variant). Tests compare the cached statement with a fresh build, value by value.
import { CompiledQuery, type Compilable, type Kysely, type QueryResult, type RawBuilder } from 'kysely';
import { isPostgresHandle } from './database';
import type { Database } from './schema';
import { prepareOnPostgres } from './prepared-names';

const MARK = '\u0000wenze-arg:';

interface Template {
  sql: string;
  params: readonly unknown[];
  /** parameter index → argument name */
  slots: ReadonlyArray<readonly [number, string]>;
}

const sameNames = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

export interface CompiledOnce<V extends string, A extends Record<string, unknown>, R> {
  /** The statement for these values: the cached text with the values in place. */
  compile(q: Kysely<Database>, variant: V, args: A): CompiledQuery<R>;
  execute(q: Kysely<Database>, variant: V, args: A): Promise<QueryResult<R>>;
  /** A fresh build and compile with the values themselves (what `compile` must equal; tests). */
  compileFresh(q: Kysely<Database>, variant: V, args: A): CompiledQuery<R>;
}

/**
 * `build(pg, variant, args)` must give the same statement text for every call with the same
 * engine and variant: every value that varies comes from `args` and is only bound (`${args.x}`),
 * never inlined or transformed; anything that changes the text is in `variant`.
 */
export function compiledOnce<V extends string, A extends Record<string, unknown>, R = Record<string, unknown>>(
  build: (pg: boolean, variant: V, args: A, q: Kysely<Database>) => RawBuilder<R> | Compilable<R>,
  /**
   * `prepare: false`: not a named prepared statement on PostgreSQL — for a statement whose result
   * columns follow a table's (`SELECT t.*`): a prepared one fails ("cached plan must not change
   * result type") once a migration adds a column, on a connection that prepared it before.
   */
  opts: { prepare?: boolean } = {},
): CompiledOnce<V, A, R> {
  // a raw statement compiles against a handle; a query builder is bound to the handle it came from
  const compileWith = (q: Kysely<Database>, b: RawBuilder<R> | Compilable<R>): CompiledQuery<R> => ('isRawBuilder' in b ? b.compile(q) : b.compile());
  const cache = new Map<string, Template>();
  const lastPg = new Map<V, { given: string[]; t: Template }>();
  const lastSqlite = new Map<V, { given: string[]; t: Template }>();
  const template = (q: Kysely<Database>, pg: boolean, variant: V, names: string[]): Template => {
    const markers = Object.fromEntries(names.map((n) => [n, `${MARK}${n}\u0000`])) as A;
    const c = compileWith(q, build(pg, variant, markers, q));
    // every marker holds a NUL, which no value of this system holds (src/lib/text-hygiene.ts)
    if (c.sql.includes('\u0000')) throw new Error(`compiledOnce(${variant}): an argument is part of the statement text; make it part of the variant`);
    const slots: Array<readonly [number, string]> = [];
    c.parameters.forEach((p, i) => {
      if (typeof p === 'string' && p.includes('\u0000')) {
        const name = p.slice(MARK.length, -1);
        if (!p.startsWith(MARK) || !p.endsWith('\u0000') || !names.includes(name)) throw new Error(`compiledOnce(${variant}): an argument is transformed, not bound as it is`);
        slots.push([i, name]);
      } else if (p !== null && typeof p === 'object' && JSON.stringify(p).includes('\\u0000')) {
        throw new Error(`compiledOnce(${variant}): an argument is inside a parameter`);
      }
    });
    return { sql: c.sql, params: c.parameters, slots };
  };
  const out: CompiledOnce<V, A, R> = {
    compile(q, variant, args) {
      const pg = isPostgresHandle(q);
      const given = Object.keys(args);
      // the template of the last call of this engine and variant, when its arguments have the same
      // names in the same order (the usual case: no sort, no key text to build and look up)
      const last = pg ? lastPg.get(variant) : lastSqlite.get(variant);
      let t = last && sameNames(last.given, given) ? last.t : undefined;
      if (!t) {
        const names = given.slice().sort();
        const key = `${pg ? 'pg' : 'sqlite'}\u0001${variant}\u0001${names.join(',')}`;
        t = cache.get(key);
        if (!t) {
          t = template(q, pg, variant, names);
          cache.set(key, t);
          // PostgreSQL: planned once per connection, not on every run (src/db/prepared-names.ts)
          if (pg && opts.prepare !== false) prepareOnPostgres(t.sql);
        }
        (pg ? lastPg : lastSqlite).set(variant, { given, t });
      }
      const params = t.params.slice();
      for (const [i, name] of t.slots) params[i] = args[name];
      return CompiledQuery.raw(t.sql, params) as CompiledQuery<R>;
    },
    execute(q, variant, args) {
      return q.executeQuery(out.compile(q, variant, args));
    },
    compileFresh(q, variant, args) {
      return compileWith(q, build(isPostgresHandle(q), variant, args, q));
    },
  };
  return out;
}

/** Keys in sorted order, undefined values left out (as Kysely leaves out a column set to undefined). */
function definedSorted(row: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(row).sort()) {
    const v = row[k];
    if (v === undefined) continue;
    // an expression (sql`…`, a sub-select) would be part of the statement text, not a bound value
    if (v !== null && typeof v === 'object' && ('isRawBuilder' in v || 'toOperationNode' in v)) throw new Error(`compiledOnce: column ${k} is given an expression; only values are bound`);
    out[prefix + k] = v;
  }
  return out;
}

const unprefixed = (a: Record<string, unknown>, prefix: string): Record<string, unknown> =>
  Object.fromEntries(Object.keys(a).filter((k) => k.startsWith(prefix)).sort().map((k) => [k.slice(prefix.length), a[k]]));

export interface RowWrite<Row> {
  execute(q: Kysely<Database>, row: Row): Promise<QueryResult<never>>;
  /** the statement cached and the fresh build, for the same row (tests) */
  compile(q: Kysely<Database>, row: Row): CompiledQuery<never>;
  compileFresh(q: Kysely<Database>, row: Row): CompiledQuery<never>;
}

/**
 * `INSERT INTO table (…) VALUES (…)` of one row of plain values, compiled once per set of columns
 * given (a column whose value is undefined is left out, as Kysely leaves it out). The columns are
 * written in name order.
 */
export function insertRowOnce<T extends keyof Database & string, Row extends Record<string, unknown>>(table: T): RowWrite<Row> {
  const stmt = compiledOnce<'-', Record<string, unknown>, never>((_pg, _v, a, db) => db.insertInto(table).values(unprefixed(a, 'c:') as never) as unknown as Compilable<never>);
  return {
    execute: (q, row) => stmt.execute(q, '-', definedSorted(row, 'c:')),
    compile: (q, row) => stmt.compile(q, '-', definedSorted(row, 'c:')),
    compileFresh: (q, row) => stmt.compileFresh(q, '-', definedSorted(row, 'c:')),
  };
}

/**
 * `UPDATE table SET … WHERE k1 = ? AND k2 = ?` of plain values, compiled once per set of columns
 * set (undefined values left out, as Kysely leaves them out) and of key columns. `numAffectedRows`
 * of the result tells how many rows it changed.
 */
export function updateRowOnce<T extends keyof Database & string>(table: T): RowWrite<{ set: Record<string, unknown>; where: Record<string, unknown> }> {
  const stmt = compiledOnce<'-', Record<string, unknown>, never>((_pg, _v, a, db) => {
    type Where = { where(c: string, op: '=', v: unknown): Where };
    let u = (db.updateTable(table) as unknown as { set(s: Record<string, unknown>): Where }).set(unprefixed(a, 's:'));
    for (const [k, v] of Object.entries(unprefixed(a, 'w:'))) u = u.where(k, '=', v);
    return u as unknown as Compilable<never>;
  });
  const args = (r: { set: Record<string, unknown>; where: Record<string, unknown> }): Record<string, unknown> => {
    const w = definedSorted(r.where, 'w:');
    if (Object.keys(w).length !== Object.keys(r.where).length) throw new Error('updateRowOnce: a key value is undefined');
    return { ...definedSorted(r.set, 's:'), ...w };
  };
  return {
    execute: (q, r) => stmt.execute(q, '-', args(r)),
    compile: (q, r) => stmt.compile(q, '-', args(r)),
    compileFresh: (q, r) => stmt.compileFresh(q, '-', args(r)),
  };
}

/**
 * PostgreSQL: `WITH ins AS (INSERT INTO insertTable …) UPDATE updateTable SET … WHERE …` — a row
 * inserted and a row updated in one round trip, compiled once per set of columns. The insert
 * happens whether or not the update finds its row: a caller that refuses when `numAffectedRows`
 * (the update's) is not what it expects must roll the transaction back (throw).
 */
export function insertWithUpdateOnce<I extends keyof Database & string, U extends keyof Database & string>(
  insertTable: I,
  updateTable: U,
): RowWrite<{ insert: Record<string, unknown>; set: Record<string, unknown>; where: Record<string, unknown> }> {
  const stmt = compiledOnce<'-', Record<string, unknown>, never>((_pg, _v, a, db) => {
    type Where = { where(c: string, op: '=', v: unknown): Where };
    const withIns = db.with('ins', (d) => d.insertInto(insertTable).values(unprefixed(a, 'i:') as never)) as unknown as {
      updateTable(t: string): { set(s: Record<string, unknown>): Where };
    };
    let u = withIns.updateTable(updateTable).set(unprefixed(a, 's:'));
    for (const [k, v] of Object.entries(unprefixed(a, 'w:'))) u = u.where(k, '=', v);
    return u as unknown as Compilable<never>;
  });
  const args = (r: { insert: Record<string, unknown>; set: Record<string, unknown>; where: Record<string, unknown> }): Record<string, unknown> => {
    const w = definedSorted(r.where, 'w:');
    if (Object.keys(w).length !== Object.keys(r.where).length) throw new Error('insertWithUpdateOnce: a key value is undefined');
    return { ...definedSorted(r.insert, 'i:'), ...definedSorted(r.set, 's:'), ...w };
  };
  return {
    execute: (q, r) => stmt.execute(q, '-', args(r)),
    compile: (q, r) => stmt.compile(q, '-', args(r)),
    compileFresh: (q, r) => stmt.compileFresh(q, '-', args(r)),
  };
}
