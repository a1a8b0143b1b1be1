// People: enforcement officers and leaders of the commission, each in one unit, with post (职务),
// employee number and contact details. Subjects of accountability cases and participants of
// original enforcement cases are people of this register. Never deleted; deactivated on leaving.
// One officer has one record (FL-5(1) 回避 and the FL-10(6) 多次 count are judged by register
// person): a second record of the same name in the same unit is refused unless both carry their
// own employee numbers, and even then is made only with the clerk's written reason, kept on the
// record (`assertNotSameOfficer`, on every create and every change of name, unit or employee
// number — API, Excel/CSV import, a decision's post change, demo data); a name holds only what a
// Chinese personal name holds (`personNameSchema`, a changed name checked here). Recusal counts
// the records of one name in one unit as one officer whatever their numbers (src/policies/recusal.ts).
import { ctxForRecord, rawId } from '../orgs/acting-in';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import { appendAudit } from '../../audit/audit-writer';
import type { Database } from '../../db/schema';
import type { PersonTable } from '../../db/tables/registers';
import { inTransaction, type Tx } from '../../db/tx';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { isNewNamesake, isNewTwin, personNameKey, personNameProblem, type NamedRecord } from '../../lib/person-name';
import { parseInput } from '../../lib/validation';
import { authorize } from '../../policies/roles';
import { DEFAULT_ORG_ID } from '../../policies/org-scope';
import {
  employeeNoTaken,
  insertPersonRow,
  insertPostHistory,
  lockPeopleNames,
  peopleByNameKeys,
  personRowByEmployeeNo,
  personRowById,
  personRowsByIds,
  postHistoryRows,
  searchPeople,
  updatePersonAtVersion,
  type NamedPersonRow,
  type PostHistoryRow,
} from '../../repositories/registers/people-repo';
import type { Ctx } from '../context';
import { certificatesOfPerson, certificatesShownTo, chunks } from './certificates-service';
import { caseNamingOnPerson, CASE_WITHHELD } from '../../policies/cases';
import { assertUpdated, bool, checkVersion, duplicateError, guardDuplicate, queryOf, refError, txActorOf, type CorrectionNeed, type DbOrTx, type InTxActor, assertNotOwnRecord } from './internal';
import { findCase } from '../../repositories/cases/case-repo';
import {
  certificateGetQuerySchema,
  peopleQuerySchema,
  personCreateSchema,
  personUpdateSchema,
  versionOnlySchema,
  type Person,
  type PersonCreateInput,
  type PersonDetail,
} from './schemas';
import { loadUnits, requireActiveUnit, unitAndDescendantIds } from './units-service';

type PersonRow = Selectable<PersonTable> & { unit_name: string };

const EMPLOYEE_NO = { zh: '工号', en: 'Employee number' };

export const toPerson = (r: PersonRow): Person => ({
  id: r.id,
  name: r.name,
  unitId: r.unit_id,
  unitName: r.unit_name,
  post: r.post,
  employeeNo: r.employee_no,
  phone: r.phone,
  email: r.email,
  sameNameReason: r.same_name_reason,
  active: bool(r.active),
  version: Number(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

async function readPerson(q: Kysely<Database>, id: string, orgScope: readonly string[] | undefined): Promise<Person> {
  const row = await personRowById(q, id, orgScope);
  if (!row) throw new AppError('NOT_FOUND', { zh: `人员 ${id}`, en: `person ${id}` });
  return toPerson(row);
}

/** People by id, for other services (subjects' names, conflict checks). No authorization. Unknown ids are left out. */
export async function getPeopleByIds(dbOrTx: DbOrTx, ids: readonly string[]): Promise<Person[]> {
  const q = queryOf(dbOrTx);
  const out: Person[] = [];
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await personRowsByIds(q, part);
    out.push(...rows.map(toPerson));
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  return out.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** The records of any of these folded names (src/lib/person-name.ts) in any of these units, inactive ones too (the Excel planner's look-up; no authorization). */
export async function peopleOfNameKeys(dbOrTx: DbOrTx, unitIds: readonly string[], nameKeys: readonly string[]): Promise<NamedPersonRow[]> {
  const out: NamedPersonRow[] = [];
  for (const part of chunks([...new Set(nameKeys)], 500)) out.push(...(await peopleByNameKeys(queryOf(dbOrTx), [...new Set(unitIds)], part)));
  return out;
}

/** Looks a person up by employee number (spreadsheet import refers to people this way). */
export async function findPersonByEmployeeNo(dbOrTx: DbOrTx, employeeNo: string): Promise<Person | null> {
  const row = await personRowByEmployeeNo(queryOf(dbOrTx), employeeNo);
  return row ? toPerson(row) : null;
}

export async function listPeople(ctx: Ctx, rawQuery: unknown = {}): Promise<{ items: Person[]; total: number }> {
  authorize(ctx.actor, 'registers.read');
  const q = parseInput(peopleQuerySchema, rawQuery);
  const unitIds = q.unitId ? (q.includeSubunits === false ? [q.unitId] : [...unitAndDescendantIds(await loadUnits(ctx.db, ctx.actor.orgScope), q.unitId)]) : undefined;
  const { rows, total } = await searchPeople(ctx.db.kysely, ctx.db.dialect, {
    orgScope: ctx.actor.orgScope,
    ...(unitIds ? { unitIds } : {}),
    ...(q.active !== undefined ? { active: q.active } : {}),
    ...(q.q ? { text: q.q } : {}),
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: rows.map(toPerson), total };
}

/** One person with every certificate and its history; statuses as of `?on=YYYY-MM-DD` (default today in China). */
export async function getPerson(ctx: Ctx, id: string, rawQuery: unknown = {}): Promise<PersonDetail> {
  authorize(ctx.actor, 'registers.read');
  const q = parseInput(certificateGetQuerySchema, rawQuery);
  const person = await readPerson(ctx.db.kysely, id, ctx.actor.orgScope);
  // FL-5(1), FL-7(7): a change a case ordered names the case only to whoever may be shown it
  return { ...person, certificates: await certificatesShownTo(ctx.db.kysely, ctx.actor, id, await certificatesOfPerson(ctx.db.kysely, id, q.on ?? chinaDate(ctx.clock.now()))) };
}

export async function createPerson(callerCtx: Ctx, raw: unknown): Promise<Person> {
  // issue 11: a person is created in the organisation of the unit named, with the roles held
  // there (src/services/orgs/acting-in.ts), never the home roles lent to a supervised organisation
  const ctx = await ctxForRecord(callerCtx, 'units', rawId(raw, 'unitId'));
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(personCreateSchema, raw);
  return inTransaction(ctx.db, (tx) => createPersonInTx(tx, txActorOf(ctx), input));
}

/** Creates a person inside the caller's transaction (spreadsheet import, demo data). */
export async function createPersonInTx(tx: Tx, by: InTxActor, raw: PersonCreateInput): Promise<Person> {
  const input = parseInput(personCreateSchema, raw);
  await requireActiveUnit(tx, input.unitId, 'unitId', by.orgScope);
  if (input.employeeNo) await ensureEmployeeNoFree(tx, input.employeeNo, null);
  await assertNotSameOfficer(tx, input, null, undefined, input.sameNameReason);
  const row: Omit<Selectable<PersonTable>, 'name_key'> = {
    id: newId(),
    org_id: by.orgId ?? DEFAULT_ORG_ID,
    name: input.name,
    unit_id: input.unitId,
    post: input.post,
    employee_no: input.employeeNo,
    phone: input.phone,
    email: input.email,
    same_name_reason: input.sameNameReason,
    active: 1,
    version: 1,
    created_at: by.now,
    updated_at: by.now,
  };
  await guardDuplicate(EMPLOYEE_NO, input.employeeNo ?? '', () => insertPersonRow(tx, row));
  const out = await readPerson(tx, row.id, undefined);
  await appendAudit(tx, { actorId: by.actorId, action: 'person.create', entityType: 'person', entityId: row.id, after: out, at: by.now });
  return out;
}

export async function updatePerson(callerCtx: Ctx, id: string, raw: unknown): Promise<Person> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'people', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(personUpdateSchema, raw);
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, (tx) => updatePersonInTx(tx, by, id, input));
}

/** Edits a person inside the caller's transaction (spreadsheet update by employee no.): same checks and audit as the API. */
export async function updatePersonInTx(tx: Tx, by: InTxActor, id: string, raw: z.input<typeof personUpdateSchema>): Promise<Person> {
  const input = parseInput(personUpdateSchema, raw);
  const before = await readPerson(tx, id, by.orgScope);
  checkVersion(before.version, input.version);
  // a changed name is asked what a new one is (a name stored before reads and edits as it is)
  if (input.name !== undefined && input.name !== before.name) {
    const bad = personNameProblem(input.name);
    if (bad) throw refError(['name'], bad.zh, bad.en);
  }
  if (input.unitId !== undefined && input.unitId !== before.unitId) await requireActiveUnit(tx, input.unitId, 'unitId', by.orgScope);
  if (input.employeeNo && input.employeeNo !== before.employeeNo) await ensureEmployeeNoFree(tx, input.employeeNo, id);
  const named = { name: input.name ?? before.name, unitId: input.unitId ?? before.unitId, employeeNo: input.employeeNo !== undefined ? input.employeeNo : before.employeeNo };
  if (named.name !== before.name || named.unitId !== before.unitId || named.employeeNo !== before.employeeNo) await assertNotSameOfficer(tx, named, id, before, input.sameNameReason);
  const moves = (input.unitId !== undefined && input.unitId !== before.unitId) || (input.post !== undefined && (input.post ?? null) !== (before.post ?? null));
  if (moves) assertNotOwnRecord(by, id, { zh: '单位或岗位', en: 'unit or post' });
  if (moves) {
    // A unit or post a decision's execution set (调离执法岗位, FL-6(4), WC-10(5)) is not undone by a
    // plain register edit: the change needs its reason, and every change goes into the post history.
    const need = await postChangeNeed(tx, id);
    if (need && !input.postChangeReason) throw refError(['postChangeReason'], need.zh, need.en);
  }
  const patch = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.unitId !== undefined ? { unit_id: input.unitId } : {}),
    ...(input.post !== undefined ? { post: input.post } : {}),
    ...(input.employeeNo !== undefined ? { employee_no: input.employeeNo } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.sameNameReason ? { same_name_reason: input.sameNameReason } : {}),
  };
  const after = await guardDuplicate(EMPLOYEE_NO, input.employeeNo ?? '', () => writePerson(tx, by, before, patch, 'person.update'));
  if (moves) {
    await recordPostChange(tx, by, before, after, { effectiveDate: chinaDate(new Date(by.now)), reason: input.postChangeReason ?? '台账编辑 / register edit' });
  }
  return after;
}

/**
 * Whether a change of the person's unit or post needs its reason: the current one was set by the
 * execution of a decision (调离执法岗位, FL-6(4), WC-10(5)) and not reversed since — the case
 * named, with the sentence asking for the reason; null when not. No authorization and no refusal:
 * the edit (`updatePersonInTx`) and the spreadsheet import's preview (a row's own error) ask it.
 */
export async function postChangeNeed(dbOrTx: DbOrTx, personId: string): Promise<CorrectionNeed | null> {
  const q = queryOf(dbOrTx);
  const last = (await postHistoryRows(q, personId)).at(-1);
  if (!last?.caseId || last.reversesId) return null;
  const number = (await findCase(q, last.caseId))?.number ?? last.caseId;
  return {
    cases: [{ id: last.caseId, number }],
    zh: `该人员现岗位/单位由处理决定的执行调整（${number}，FL-6(4)、WC-10(5)），更改须说明理由，记入岗位变动记录`,
    en: `this person's post or unit was set by the execution of a decision (${number}, FL-6(4), WC-10(5)): changing it needs a reason, kept in the post history`,
  };
}

/** A person who left: kept (cases and history point at them), no longer offered for new records. */
export async function deactivatePerson(ctx: Ctx, id: string, raw: unknown = {}): Promise<Person> {
  return setPersonActive(ctx, id, raw, false);
}

export async function reactivatePerson(ctx: Ctx, id: string, raw: unknown = {}): Promise<Person> {
  return setPersonActive(ctx, id, raw, true);
}

async function setPersonActive(callerCtx: Ctx, id: string, raw: unknown, active: boolean): Promise<Person> {
  // issue 11: the roles held in the record's organisation, not those of home (src/services/orgs/acting-in.ts)
  const ctx = await ctxForRecord(callerCtx, 'people', id);
  authorize(ctx.actor, 'registers.write');
  const input = parseInput(versionOnlySchema, raw ?? {});
  const by = txActorOf(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await readPerson(tx, id, by.orgScope);
    checkVersion(before.version, input.version);
    if (before.active === active) return before;
    if (active) await requireActiveUnit(tx, before.unitId, 'unitId');
    return writePerson(tx, by, before, { active: active ? 1 : 0 }, active ? 'person.reactivate' : 'person.deactivate');
  });
}

async function writePerson(tx: Tx, by: InTxActor, before: Person, patch: Partial<Omit<Selectable<PersonTable>, 'name_key'>>, action: string): Promise<Person> {
  assertUpdated(
    await updatePersonAtVersion(tx, before.id, before.version, patch, by.now),
  );
  const after = await readPerson(tx, before.id, undefined);
  await appendAudit(tx, { actorId: by.actorId, action, entityType: 'person', entityId: before.id, before, after, at: by.now });
  return after;
}

/**
 * One officer, one record (FL-5(1) 回避 and the FL-10(6) 多次 count are judged by register person):
 * refuses `p` — a new record, or a record's new name, unit or employee number — when another record
 * of the same unit has the same name (src/lib/person-name.ts: spaces, full-/half-width, case,
 * invisible characters, traditional forms folded) and the two do not both carry employee numbers
 * that differ (PERSON_DUPLICATE). When they do, a record that becomes the other's namesake by this
 * write (created, renamed or moved there) needs `sameNameReason`, the clerk's written reason that
 * they are two people (VALIDATION_FAILED on that field without it): an employee number alone is
 * typed by any clerk. Inactive records count (an officer who returns is reactivated, not
 * registered again). A change (`before`: the record as it stands) is refused only for a pair it
 * makes: one registered before the rule (migration 0640) may still be given employee numbers.
 * Under the writers' lock, so of two concurrent writes the second sees the first (SQLite: BEGIN
 * IMMEDIATE). Recusal does not rest on this: it counts namesakes of one unit as one officer.
 * True when the write makes such a namesake (its reason is to be kept).
 */
export async function assertNotSameOfficer(tx: Tx, p: NamedRecord, exceptId: string | null, before?: NamedRecord, sameNameReason?: string | null): Promise<boolean> {
  await lockPeopleNames(tx);
  const others = (await peopleByNameKeys(tx, [p.unitId], [personNameKey(p.name)])).filter((o) => o.id !== exceptId);
  const other = (o: NamedPersonRow) => ({ unitId: o.unit_id, nameKey: o.name_key, employeeNo: o.employee_no });
  const twin = others.find((o) => isNewTwin(p, other(o), before));
  if (twin) {
    const who = registeredAs(twin);
    throw new AppError(
      'PERSON_DUPLICATE',
      { zh: `${who.zh}。${SAME_NAME_HINT.zh}`, en: `${who.en}. ${SAME_NAME_HINT.en}` },
      { existing: { id: twin.id, name: twin.name, unitName: twin.unit_name, employeeNo: twin.employee_no, active: bool(twin.active) } },
    );
  }
  const namesake = others.find((o) => isNewNamesake(p, other(o), before));
  if (namesake && !sameNameReason?.trim()) {
    const who = registeredAs(namesake);
    throw refError(['sameNameReason'], `${SAME_NAME_REASON_ASKED.zh}${who.zh}${SAME_NAME_REASON_ASKED.zhTail}`, `${SAME_NAME_REASON_ASKED.en}${who.en}${SAME_NAME_REASON_ASKED.enTail}`);
  }
  return Boolean(namesake);
}

/** The sentence asking for 确认为不同人员的理由, around the record already registered. */
export const SAME_NAME_REASON_ASKED = {
  zh: '本单位已登记同名人员',
  zhTail: '：确为同名的另一人的，须填写确认为不同人员的理由，记入人员台账（同单位同名人员回避时按同一人认定，FL-5(1)）',
  en: 'A person of this name is registered in this unit: ',
  enTail: '. If this is another person of the same name, give the reason they are different people; it is kept on the record (for recusal, records of one name in one unit count as one officer, FL-5(1))',
};

/** What a clerk does when the two are in fact different people, and why the rule is there. */
export const SAME_NAME_HINT = {
  zh: '确是同名的另一人，两人均须填写各自的工号（回避 FL-5(1)、“多次” FL-10(6) 均按人员台账认定）',
  en: 'If this is another person of the same name, both need their own employee numbers (recusal under FL-5(1) and repeat cases under FL-10(6) are judged by register person)',
};

/** The record already registered, as a refusal names it: “张三”（执法一科，工号 E001）. */
export function registeredAs(o: Pick<NamedPersonRow, 'name' | 'unit_name' | 'employee_no' | 'active'>): { zh: string; en: string } {
  const inactive = !bool(o.active);
  return {
    zh: `“${o.name}”（${o.unit_name}，${o.employee_no ? `工号 ${o.employee_no}` : '无工号'}${inactive ? '，已停用，可重新启用' : ''}）`,
    en: `${o.name} (${o.unit_name}, ${o.employee_no ? `employee no. ${o.employee_no}` : 'no employee number'}${inactive ? ', deactivated: reactivate it' : ''})`,
  };
}

async function ensureEmployeeNoFree(q: Kysely<Database>, employeeNo: string, exceptId: string | null): Promise<void> {
  if (await employeeNoTaken(q, employeeNo, exceptId)) throw duplicateError(EMPLOYEE_NO, employeeNo);
}

export interface PostChangeInput {
  /** the new unit (default: unchanged) */
  unitId?: string | null;
  /** the new post (职务) */
  post: string | null;
  effectiveDate: string;
  reason: string;
  caseId?: string | null;
  executionItemId?: string | null;
  /** the earlier change this one reverses (a superseded decision) */
  reversesId?: string | null;
}

/** One entry of a person's post history (the repository's decoded row). */
export type PostHistoryEntry = PostHistoryRow;

/**
 * Changes a person's post and/or unit with history (调离执法岗位, FL-6(4), WC-10(5)): the people
 * row is updated (versioned, audited as `person.post_change`) and an append-only post-history row
 * names the reason and the case. Inside the caller's transaction; the caller authorizes.
 */
export async function changePersonPostInTx(tx: Tx, by: InTxActor, personId: string, input: PostChangeInput): Promise<{ history: PostHistoryEntry; before: Person; after: Person }> {
  const before = await readPerson(tx, personId, by.orgScope);
  const unitId = input.unitId ?? before.unitId;
  if (unitId !== before.unitId) await requireActiveUnit(tx, unitId, 'newUnitId', by.orgScope);
  // a decision's execution moving him beside a namesake in the new unit (two people, each with an
  // employee number): the move's own reason, with its case, is what is on record for it
  const sameNameReason = `${input.caseId ? '处理决定执行调整岗位/单位' : '调整岗位/单位'}：${input.reason}`;
  const namesake = unitId !== before.unitId && (await assertNotSameOfficer(tx, { name: before.name, unitId, employeeNo: before.employeeNo }, personId, before, sameNameReason));
  const after = await writePerson(tx, by, before, { unit_id: unitId, post: input.post, ...(namesake ? { same_name_reason: sameNameReason } : {}) }, 'person.post_change');
  const id = await recordPostChange(tx, by, before, after, input);
  const [history] = await postHistoryRows(tx, personId, id);
  return { history: history!, before, after };
}

/** One row of the append-only post history: the person's unit and post before and after, why, and the case that moved them. */
async function recordPostChange(tx: Tx, by: InTxActor, before: Person, after: Person, c: Pick<PostChangeInput, 'effectiveDate' | 'reason' | 'caseId' | 'executionItemId' | 'reversesId'>): Promise<string> {
  const id = newId();
  await insertPostHistory(tx, {
    id,
    person_id: before.id,
    from_unit_id: before.unitId,
    to_unit_id: after.unitId,
    from_post: before.post,
    to_post: after.post,
    effective_date: c.effectiveDate,
    reason: c.reason,
    case_id: c.caseId ?? null,
    execution_item_id: c.executionItemId ?? null,
    reverses_id: c.reversesId ?? null,
    actor_id: by.actorId,
    recorded_at: by.now,
  });
  return id;
}

/**
 * A person's post history, oldest first (registers.read). FL-5(1), FL-7(7): a change a case's
 * decision ordered (调离执法岗位, or its reversal) names the case — its id, its execution item, a
 * reason quoting its number — only to a reader who reads the case in full or to the person
 * himself (src/policies/cases.ts#caseNamingOnPerson); to anyone else the move stays with the
 * neutral reason 问责处理决定. A typed reason quoting the number of such a case has it replaced by 另案.
 */
export async function getPostHistory(ctx: Ctx, personId: string): Promise<PostHistoryEntry[]> {
  authorize(ctx.actor, 'registers.read');
  await readPerson(ctx.db.kysely, personId, ctx.actor.orgScope);
  const rows = await postHistoryRows(ctx.db.kysely, personId);
  const naming = await caseNamingOnPerson(ctx.db.kysely, ctx.actor, personId, rows.map((r) => r.caseId));
  return rows.map((r) => (r.caseId && !naming.names(r.caseId) ? { ...r, reason: CASE_WITHHELD.reason, caseId: null, executionItemId: null } : { ...r, reason: naming.scrub(r.reason) }));
}
