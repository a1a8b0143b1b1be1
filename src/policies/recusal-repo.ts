// Loads what src/policies/recusal.ts decides on, for one case: subjects, the original case's
// participants, declared relationships touching them, the staff reporter, recusals in effect,
// the team and the accepter, and which register records are one officer (the records of one name
// in one unit: `officerOf`). Also the main leaders and the designated deputy (分管负责人).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { isPostgresHandle } from '../db/database';
import { jsonList, jsonValues } from '../repositories/json-agg';
import { DEFAULT_ORG_ID } from '../db/tables/organisations';
import { idList } from '../repositories/sql-ids';
import { sameOfficerIdsSql } from '../repositories/registers/people-repo';
import { compiledOnce } from '../db/compiled-once';
import type { Database } from '../db/schema';
import type { Role } from './roles';
import type { PersonActor, RecusalFacts } from './recusal';

type Q = Kysely<Database>;

/** settings key of the deputy who acts for a conflicted main leader (an active user id) */
export const DEPUTY_SETTING_KEY = 'recusal.deputyUserId';

const parse = <T>(s: string | null | undefined, d: T): T => {
  if (!s) return d;
  try {
    return JSON.parse(s) as T;
  } catch {
    return d;
  }
};

/**
 * One case's facts: the case's own lists in one statement (each aggregated to JSON), then the
 * declared relationships touching its people and their names (`completeRecusalFacts`): three
 * round trips, where one statement per list took nine. Equal to `loadRecusalFactsMany` and to
 * the case view's `recusalFactsOfAggregate` (src/repositories/cases/case-aggregate.test.ts).
 */
export async function loadRecusalFacts(q: Q, caseId: string): Promise<RecusalFacts> {
  const pg = isPostgresHandle(q);
  const r = await sql<{ tracks: string; subjects: string; team: string; participants: string; reporter: string; recusals: string; accepter: string }>`
    SELECT c.tracks,
      ${jsonValues(pg, sql`SELECT person_id, added_at FROM case_subjects WHERE case_id = ${caseId} ORDER BY added_at`, 'person_id', 'x.added_at')} AS subjects,
      ${jsonValues(pg, sql`SELECT user_id FROM case_team_members WHERE case_id = ${caseId}`, 'user_id')} AS team,
      ${jsonList(
        pg,
        sql`SELECT person_id, role, is_chair, ordinal FROM original_case_participants WHERE case_id = (SELECT original_case_id FROM cases WHERE id = ${caseId}) ORDER BY ordinal`,
        ['person_id', 'role', 'is_chair'],
        'x.ordinal',
      )} AS participants,
      ${jsonList(pg, sql`SELECT user_id, person_id FROM case_reporter_links WHERE case_id = ${caseId} LIMIT 1`, ['user_id', 'person_id'])} AS reporter,
      ${jsonList(pg, sql`SELECT id, user_id, kind, reason FROM case_recusals WHERE case_id = ${caseId} AND status IN ('in_effect', 'granted')`, ['id', 'user_id', 'kind', 'reason'])} AS recusals,
      ${jsonValues(pg, sql`SELECT actor_id FROM case_steps WHERE case_id = ${caseId} AND action = 'accept' ORDER BY at DESC LIMIT 1`, 'actor_id')} AS accepter
    FROM cases c WHERE c.id = ${caseId}
  `.execute(q);
  const row = r.rows[0];
  if (!row) throw new Error(`loadRecusalFacts: no case ${caseId}`);
  type Raw = Record<string, unknown>;
  const reporter = parse<Raw[]>(row.reporter, [])[0];
  return completeRecusalFacts(q, {
    caseId,
    tracks: parse<string[]>(row.tracks, []),
    subjectPersonIds: parse<string[]>(row.subjects, []),
    participants: parse<Raw[]>(row.participants, []).map((p) => ({ personId: p.person_id as string, role: p.role as string, isChair: Number(p.is_chair) === 1 })),
    reporter: reporter ? { userId: (reporter.user_id as string | null) ?? null, personId: (reporter.person_id as string | null) ?? null } : null,
    recusals: parse<Raw[]>(row.recusals, []).map((v) => ({ id: v.id as string, userId: v.user_id as string, kind: v.kind === 'self' ? 'self' : 'challenge', reason: v.reason as string })),
    teamUserIds: parse<string[]>(row.team, []),
    accepterUserId: parse<(string | null)[]>(row.accepter, [])[0] ?? null,
  });
}

/**
 * The case's own facts completed with the declared relationships touching its people and their
 * names, in one statement (the people travel as one JSON parameter, `idList`).
 */
export async function completeRecusalFacts(q: Q, base: Omit<RecusalFacts, 'relationships' | 'names' | 'officerOf'>): Promise<RecusalFacts> {
  const relevant = [...new Set([...base.subjectPersonIds, ...base.participants.map((p) => p.personId)])];
  if (!relevant.length) return { ...base, relationships: [], names: new Map(), officerOf: new Map() };
  const { rels, names } = relationshipsAndNamesSql(isPostgresHandle(q), idList(q, relevant));
  const r = await sql<{ rels: string; names: string }>`SELECT ${rels} AS rels, ${names} AS names`.execute(q);
  const row = r.rows[0]!;
  return { ...base, ...decodeRelationshipsAndNames(row.rels, row.names) };
}

/**
 * The declared relationships (not withdrawn) touching the people of `ids` (a parenthesised
 * subquery of person ids) or another record of the same officer (FL-5(1): the records of one name
 * in one unit, `sameOfficerIdsSql`), and the names and officer keys of everyone involved with
 * every such record of theirs, as two JSON columns of a statement: `completeRecusalFacts` over a
 * list of ids, the case aggregate and the step's facts over the case's subjects and
 * original-case participants (one statement fewer).
 */
export function relationshipsAndNamesSql(pg: boolean, ids: RawBuilder<unknown>): { rels: RawBuilder<unknown>; names: RawBuilder<unknown> } {
  // each list named once as a common table: written out where used, every nesting doubled the
  // statement's work (the standing records twice in the relationships, those twice in `involved`)
  const standing = sql`st(id) AS (${sameOfficerIdsSql(ids)})`;
  const relsOf = sql`SELECT id, user_id, person_id, related_person_id, kind, note FROM declared_relationships
    WHERE withdrawn_at IS NULL AND (related_person_id IN (SELECT id FROM st) OR person_id IN (SELECT id FROM st))`;
  // one IN over a UNION: three ORed INs (`id IN ids OR id IN … OR id IN …`) took SQLite about
  // 250 µs where this takes 16 (measured on the demo's register, issue 14)
  const involved = sql`(SELECT i.* FROM ${ids} AS i UNION SELECT r.related_person_id FROM r UNION SELECT r.person_id FROM r)`;
  return {
    rels: jsonList(pg, sql`WITH ${standing} ${relsOf}`, ['id', 'user_id', 'person_id', 'related_person_id', 'kind', 'note']),
    names: jsonList(pg, sql`WITH ${standing}, r AS (${relsOf}) SELECT id, name, unit_id, name_key FROM people WHERE id IN (${sameOfficerIdsSql(involved)})`, ['id', 'name', 'unit_id', 'name_key']),
  };
}

/** A register record's officer key (src/policies/recusal.ts#sameOfficer): its unit and folded name. */
const officerKey = (unitId: unknown, nameKey: unknown): string | null => (typeof unitId === 'string' && typeof nameKey === 'string' ? `${unitId}\u0000${nameKey}` : null);

/** The two JSON columns of `relationshipsAndNamesSql`, decoded. */
export function decodeRelationshipsAndNames(rels: unknown, names: unknown): Pick<RecusalFacts, 'relationships' | 'names' | 'officerOf'> {
  type Raw = Record<string, unknown>;
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : (v as string));
  const people = parse<Raw[]>(names as string | null, []);
  const officerOf = new Map<string, string>();
  for (const p of people) {
    const k = officerKey(p.unit_id, p.name_key);
    if (k) officerOf.set(p.id as string, k);
  }
  return {
    relationships: parse<Raw[]>(rels as string | null, []).map((v) => ({ id: v.id as string, userId: str(v.user_id), personId: str(v.person_id), relatedPersonId: v.related_person_id as string, kind: v.kind as string, note: str(v.note) })),
    names: new Map(people.map((p) => [p.id as string, p.name as string])),
    officerOf,
  };
}

/**
 * The same facts for many cases (the queue) in eight statements whatever their number; equal to
 * `loadRecusalFacts` case by case.
 */
export async function loadRecusalFactsMany(q: Q, caseIds: readonly string[]): Promise<Map<string, RecusalFacts>> {
  const out = new Map<string, RecusalFacts>();
  if (!caseIds.length) return out;
  const ids = idList(q, caseIds);
  const group = <T extends { case_id: string }>(rows: T[]): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.case_id, [...(m.get(r.case_id) ?? []), r]);
    return m;
  };
  const [rows, subjects, team, reporters, recusals, accepts] = await Promise.all([
    q.selectFrom('cases').select(['id', 'original_case_id', 'tracks']).where('id', 'in', ids).execute(),
    q.selectFrom('case_subjects').select(['case_id', 'person_id']).where('case_id', 'in', ids).orderBy('case_id').orderBy('added_at').execute(),
    q.selectFrom('case_team_members').select(['case_id', 'user_id']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_reporter_links').select(['case_id', 'user_id', 'person_id']).where('case_id', 'in', ids).execute(),
    q.selectFrom('case_recusals').select(['case_id', 'id', 'user_id', 'kind', 'reason']).where('case_id', 'in', ids).where('status', 'in', ['in_effect', 'granted']).execute(),
    q.selectFrom('case_steps').select(['case_id', 'actor_id', 'at']).where('case_id', 'in', ids).where('action', '=', 'accept').orderBy('at', 'desc').execute(),
  ]);
  const originals = [...new Set(rows.map((r) => r.original_case_id).filter((x): x is string => Boolean(x)))];
  const participants = originals.length
    ? await q.selectFrom('original_case_participants').select(['case_id', 'person_id', 'role', 'is_chair']).where('case_id', 'in', idList(q, originals)).orderBy('case_id').orderBy('ordinal').execute()
    : [];
  const subjectsOf = group(subjects);
  const teamOf = group(team);
  const partsOf = group(participants);
  const recusalsOf = group(recusals);
  const reporterOf = new Map(reporters.map((r) => [r.case_id, r]));
  const accepterOf = new Map<string, string | null>();
  for (const a of accepts) if (!accepterOf.has(a.case_id)) accepterOf.set(a.case_id, a.actor_id);
  const relevantOf = new Map(
    rows.map((r) => [r.id, [...new Set([...(subjectsOf.get(r.id) ?? []).map((s) => s.person_id), ...(r.original_case_id ? (partsOf.get(r.original_case_id) ?? []) : []).map((p) => p.person_id)])]]),
  );
  const allRelevant = [...new Set([...relevantOf.values()].flat())];
  // the relationships, names and officer keys of every case's people in one statement (as
  // `completeRecusalFacts` reads one case's), then each case's own part of them
  let rest: Pick<RecusalFacts, 'relationships' | 'names' | 'officerOf'> = { relationships: [], names: new Map(), officerOf: new Map() };
  if (allRelevant.length) {
    const { rels, names } = relationshipsAndNamesSql(isPostgresHandle(q), idList(q, allRelevant));
    const r = (await sql<{ rels: string; names: string }>`SELECT ${rels} AS rels, ${names} AS names`.execute(q)).rows[0]!;
    rest = decodeRelationshipsAndNames(r.rels, r.names);
  }
  // `sameOfficerIdsSql` over these people, from the officer keys read
  const withNamesakes = (ids: Iterable<string>): Set<string> => {
    const out = new Set(ids);
    const keys = new Set([...out].map((id) => rest.officerOf.get(id)).filter((k): k is string => k !== undefined));
    if (keys.size) for (const [id, k] of rest.officerOf) if (keys.has(k)) out.add(id);
    return out;
  };
  for (const row of rows) {
    const relevant = relevantOf.get(row.id) ?? [];
    const standing = withNamesakes(relevant);
    const rels = rest.relationships.filter((r) => standing.has(r.relatedPersonId) || (r.personId !== null && standing.has(r.personId)));
    const involved = withNamesakes([...relevant, ...rels.map((r) => r.relatedPersonId), ...rels.map((r) => r.personId).filter((p): p is string => Boolean(p))]);
    const names = new Map<string, string>();
    const officerOf = new Map<string, string>();
    for (const p of involved) {
      const n = rest.names.get(p);
      if (n !== undefined) names.set(p, n);
      const k = rest.officerOf.get(p);
      if (k !== undefined) officerOf.set(p, k);
    }
    const reporter = reporterOf.get(row.id);
    out.set(row.id, {
      caseId: row.id,
      tracks: parse<string[]>(row.tracks, []),
      subjectPersonIds: (subjectsOf.get(row.id) ?? []).map((s) => s.person_id),
      participants: (row.original_case_id ? (partsOf.get(row.original_case_id) ?? []) : []).map((r) => ({ personId: r.person_id, role: r.role, isChair: Number(r.is_chair) === 1 })),
      relationships: rels,
      reporter: reporter ? { userId: reporter.user_id, personId: reporter.person_id } : null,
      recusals: (recusalsOf.get(row.id) ?? []).map((r) => ({ id: r.id, userId: r.user_id, kind: r.kind === 'self' ? 'self' : 'challenge', reason: r.reason })),
      teamUserIds: (teamOf.get(row.id) ?? []).map((r) => r.user_id),
      accepterUserId: accepterOf.get(row.id) ?? null,
      names,
      officerOf,
    });
  }
  return out;
}

/** A user as the person checked: the register person's name when linked, else the display name. */
export async function personActorOf(q: Q, userId: string): Promise<PersonActor | null> {
  const u = await q.selectFrom('users').leftJoin('people', 'people.id', 'users.person_id').select(['users.id', 'users.display_name', 'users.person_id', 'people.name']).where('users.id', '=', userId).executeTakeFirst();
  if (!u) return null;
  return { userId: u.id, personId: u.person_id, name: u.name ?? u.display_name };
}

/**
 * The account with its register person and the deputy's raw value, compiled once per place the
 * deputy is read from (src/db/compiled-once.ts): every case page reads it.
 */
export const personAndDeputyStatement = compiledOnce<'default' | 'org', { userId: string; deputyOrgId: string }, { id: string; display_name: string; person_id: string | null; name: string | null; deputy: string | null }>(
  (_pg, variant, a, db) => {
    const deputy =
      variant === 'org'
        ? sql<string | null>`(SELECT deputy_user_id FROM organisations WHERE id = ${a.deputyOrgId})`
        : sql<string | null>`(SELECT value FROM settings WHERE key = ${DEPUTY_SETTING_KEY})`;
    return db
      .selectFrom('users')
      .leftJoin('people', 'people.id', 'users.person_id')
      .select(['users.id', 'users.display_name', 'users.person_id', 'people.name', deputy.as('deputy')])
      .where('users.id', '=', a.userId);
  },
);

/**
 * `personActorOf` and, when `deputyOrgId` is given, `deputyUserId` of that organisation in one
 * statement (the step's and the view's impartiality read both for every non-leader actor).
 */
export async function personActorAndDeputy(q: Q, userId: string, deputyOrgId: string | null): Promise<{ person: PersonActor | null; deputy: string | null }> {
  if (deputyOrgId === null) return { person: await personActorOf(q, userId), deputy: null };
  const variant = deputyOrgId !== DEFAULT_ORG_ID ? 'org' : 'default';
  const u = (await personAndDeputyStatement.execute(q, variant, { userId, deputyOrgId })).rows[0];
  // no such account (a system actor): the deputy alone, as before
  if (!u) return { person: null, deputy: await deputyUserId(q, deputyOrgId) };
  let d: string | null;
  if (variant === 'org') d = u.deputy ?? null;
  else {
    const v = parse<unknown>(u.deputy, null);
    d = typeof v === 'string' && v ? v : null;
  }
  return { person: { userId: u.id, personId: u.person_id, name: u.name ?? u.display_name }, deputy: d };
}

/**
 * `personActorAndDeputy` as two columns of a larger statement (the step's facts read them with the
 * case's): the account with its register person as a JSON list, and the deputy's raw value.
 * Decode with `personAndDeputyOf`, which answers as `personActorAndDeputy`.
 */
export function personAndDeputySql(pg: boolean, userId: string, deputyOrgId: string | null): { person: RawBuilder<unknown>; deputy: RawBuilder<unknown> } {
  return {
    person: jsonList(
      pg,
      sql`SELECT u.id, u.display_name, u.person_id, p.name FROM users u LEFT JOIN people p ON p.id = u.person_id WHERE u.id = ${userId}`,
      ['id', 'display_name', 'person_id', 'name'],
    ),
    deputy:
      deputyOrgId === null
        ? sql`NULL`
        : deputyOrgId !== DEFAULT_ORG_ID
          ? sql`(SELECT deputy_user_id FROM organisations WHERE id = ${deputyOrgId})`
          : sql`(SELECT value FROM settings WHERE key = ${DEPUTY_SETTING_KEY})`,
  };
}

/** The two columns of `personAndDeputySql`, decoded. */
export function personAndDeputyOf(personJson: unknown, deputyRaw: unknown, deputyOrgId: string | null): { person: PersonActor | null; deputy: string | null } {
  const u = parse<Record<string, unknown>[]>(personJson as string | null, [])[0];
  const person = u ? { userId: u.id as string, personId: (u.person_id as string | null) ?? null, name: ((u.name as string | null) ?? (u.display_name as string)) } : null;
  if (deputyOrgId === null) return { person, deputy: null };
  let d: string | null;
  if (deputyOrgId !== DEFAULT_ORG_ID) d = (deputyRaw as string | null | undefined) ?? null;
  else {
    const v = parse<unknown>(deputyRaw as string | null, null);
    d = typeof v === 'string' && v ? v : null;
  }
  return { person, deputy: d };
}

/** Active users with the main-leader role (委主要负责人). */
/** The active main leaders of one organisation (issue 11): its members holding the leader role there. */
export async function activeLeaders(q: Q, orgId: string): Promise<PersonActor[]> {
  const rows = await q
    .selectFrom('users')
    .leftJoin('people', 'people.id', 'users.person_id')
    .innerJoin('user_org_roles', 'user_org_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.person_id', 'user_org_roles.roles', 'people.name'])
    .where('users.disabled', '=', 0)
    .where('user_org_roles.org_id', '=', orgId)
    .execute();
  return rows.filter((u) => parse<Role[]>(u.roles, []).includes('leader')).map((u) => ({ userId: u.id, personId: u.person_id, name: u.name ?? u.display_name }));
}

/** The designated deputy (分管负责人), if configured. */
/**
 * The organisation's designated deputy (issue 11: `organisations.deputy_user_id`); the default
 * organisation of a database made before 0150 keeps reading the setting it always had.
 */
export async function deputyUserId(q: Q, orgId: string): Promise<string | null> {
  if (orgId !== DEFAULT_ORG_ID) {
    const o = await q.selectFrom('organisations').select('deputy_user_id').where('id', '=', orgId).executeTakeFirst();
    return o?.deputy_user_id ?? null;
  }
  const r = await q.selectFrom('settings').select('value').where('key', '=', DEPUTY_SETTING_KEY).executeTakeFirst();
  const v = parse<unknown>(r?.value, null);
  return typeof v === 'string' && v ? v : null;
}
