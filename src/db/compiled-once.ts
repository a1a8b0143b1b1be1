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
      const names = Object.keys(args).sort();
      const key = `${pg ? 'pg' : 'sqlite'}\u0001${variant}\u0001${names.join(',')}`;
      let t = cache.get(key);
      if (!t) {
        t = template(q, pg, variant, names);
        cache.set(key, t);
        // PostgreSQL: planned once per connection, not on every run (src/db/prepared-names.ts)
        if (pg && opts.prepare !== false) prepareOnPostgres(t.sql);
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
