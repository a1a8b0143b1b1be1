// Child rows aggregated to JSON inside one statement, per dialect (PostgreSQL json_agg, SQLite
// json_group_array): how the case aggregate and the impartiality facts read many lists in one
// round trip. Ordering inside a list follows the ordered subquery (SQLite keeps it; PostgreSQL's
// json_agg is given ORDER BY explicitly).
import { sql, type RawBuilder } from 'kysely';

/** `(SELECT <json array of objects of cols> FROM (<inner>) x)` in the handle's dialect. */
export function jsonList(pg: boolean, inner: RawBuilder<unknown>, cols: readonly string[], orderBy?: string): RawBuilder<unknown> {
  const pairs = sql.join(cols.map((c) => sql`${sql.lit(c)}, x.${sql.ref(c)}`));
  if (pg) {
    const order = orderBy ? sql` ORDER BY ${sql.raw(orderBy)}` : sql``;
    return sql`(SELECT coalesce(json_agg(json_build_object(${pairs})${order}), '[]'::json)::text FROM (${inner}) x)`;
  }
  return sql`(SELECT json_group_array(json_object(${pairs})) FROM (${inner}) x)`;
}

/** A JSON array of scalar values of one column. */
export function jsonValues(pg: boolean, inner: RawBuilder<unknown>, col: string, orderBy?: string): RawBuilder<unknown> {
  if (pg) {
    const order = orderBy ? sql` ORDER BY ${sql.raw(orderBy)}` : sql``;
    return sql`(SELECT coalesce(json_agg(x.${sql.ref(col)}${order}), '[]'::json)::text FROM (${inner}) x)`;
  }
  return sql`(SELECT json_group_array(x.${sql.ref(col)}) FROM (${inner}) x)`;
}
