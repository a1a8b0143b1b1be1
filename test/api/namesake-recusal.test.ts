// One officer, one record — the red-team walk of the seventeenth session (F1, F2). The register has
// no ID number, so FL-5(1) 回避 and the FL-10(6) 多次 count rest on the name:
//
// F1: a second record of decider 袁红梅 in her unit was accepted when its name carried a character
// the folded name kept (a variation selector, a combining mark, a Hangul filler, a braille blank…),
// or was typed in the traditional form (袁紅梅); a case naming it let 袁红梅 chair and vote on it.
// Now a name holds only what a Chinese personal name holds (src/lib/person-name.ts#personNameProblem:
// VALIDATION_FAILED naming the field), and the folded name drops those characters and makes
// traditional forms simplified (migration 0690 recomputes the stored ones).
//
// F2: "both carry employee numbers that differ" exempted a pair, and a clerk types any number. Now
// such a namesake is registered only with the clerk's written reason (sameNameReason, kept on the
// record and in the audit), and — the safeguard — recusal counts the records of one name in one
// unit as one officer (src/policies/recusal.ts#sameOfficer): the real 袁红梅 stands aside from a case
// naming her namesake, at its meeting (chair, attendance, opinion) and in its steps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../app';
import { engines } from '../db';
import { ctxOfUser, makeCase, newCaseWorld, versionOf, type CaseWorld } from '../factories/cases';
import { makePerson, makeUnit } from '../factories/registers';
import { perspectiveOf } from '../../src/policies/cases';
import type { Person, Unit } from '../../src/services/registers/schemas';
import { expectCodedError } from './checks';
import { changedTables, digestDatabase } from './db-digest';

/** F1: the names the red-team walk registered beside 袁红梅, each with the character the name may not hold. */
const F1_NAMES: readonly [string, string][] = [
  ['袁\uFE00红梅', 'U+FE00'], // variation selector (Mn)
  ['袁红\u{E0100}梅', 'U+E0100'], // variation selector supplement (Mn)
  ['袁红梅\u0300', 'U+0300'], // combining grave accent (Mn)
  ['袁\u034F红梅', 'U+034F'], // combining grapheme joiner
  ['袁\u3164红梅', 'U+3164'], // Hangul filler
  ['袁\u115F红梅', 'U+115F'], // Hangul choseong filler
  ['袁\u2800红梅', 'U+2800'], // braille pattern blank
];

describe.each(engines)('Registers and recusal: one officer, one record (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let jzk: Unit;
  let yuan: Person;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine));
    jzk = await makeUnit(t.deps, { name: '建筑管理科', shortCode: 'JZK' });
    // decider 袁红梅, her account linked to her register record, on the decision body
    yuan = await makePerson(t.deps, { name: '袁红梅', unitId: jzk.id, employeeNo: 'BNZJ0101', post: '科长' });
    await t.addUser('yuan', ['decider'], yuan.id);
  });
  afterEach(async () => t.close());

  const create = (payload: Record<string, unknown>) => t.as('clerk', { method: 'POST', url: '/api/v1/people', payload });
  const patch = (id: string, payload: Record<string, unknown>) => t.as('clerk', { method: 'PATCH', url: `/api/v1/people/${id}`, payload });
  const post = (user: string, url: string, payload: Record<string, unknown> = {}) => t.as(user, { method: 'POST', url, payload });
  const body = async () => {
    for (const u of ['decider', 'decider2', 'decider3', 'yuan']) expect((await post('clerk', '/api/v1/decision-body', { userId: t.userIds[u] })).statusCode).toBe(201);
  };
  /** F2: the namesake a clerk registers with a made-up employee number, and the reason now asked */
  const namesake = async (): Promise<Person> => {
    const r = await create({ name: '袁红梅', unitId: jzk.id, employeeNo: 'BNZJ9902', sameNameReason: '另有同名人员袁红梅，系2024年新入职的执法辅助人员' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };

  it('FL-5(1), FL-10(6): a name holding a character a personal name does not (variation selector, combining mark, filler, braille blank) is refused on create and on rename, naming the field and the character; nothing is stored', async () => {
    const other = await makePerson(t.deps, { name: '李新', unitId: jzk.id, employeeNo: 'BNZJ0102' });
    const before = await digestDatabase(t.deps.db);
    for (const [name, cp] of F1_NAMES) {
      for (const [what, r] of [
        ['create', await create({ name, unitId: jzk.id })],
        ['create with a made-up employee no.', await create({ name, unitId: jzk.id, employeeNo: 'BNZJ9901', sameNameReason: '不同人员' })],
        ['rename', await patch(other.id, { name, version: other.version })],
      ] as const) {
        expect(expectCodedError(r, `${what} ${JSON.stringify(name)}`), r.body).toBe('VALIDATION_FAILED');
        const e = r.json().error;
        expect(e.details.fields).toMatchObject([{ path: 'name', code: 'custom', label: { zh: '名称', en: 'Name' } }]);
        expect(e.messageZh).toContain('「名称」：姓名只能使用汉字、拉丁字母、间隔号（·）和空格');
        expect(e.messageZh).toContain(`（${cp}）不能使用`);
        expect(e.messageEn).toContain(`"Name": a name may hold only Chinese characters, Latin letters, the middle dot (·) and spaces`);
        expect(e.messageEn).toContain(`(${cp}) cannot be used`);
      }
    }
    // digits and symbols are no part of a name either; a minority name with its middle dot, a
    // foreign one in Latin letters, and a name with a space are
    for (const name of ['袁红梅2', '袁红梅★', '·']) expect((await create({ name, unitId: jzk.id })).json().error.code, name).toBe('VALIDATION_FAILED');
    expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
    for (const name of ['买买提·艾力', 'Li Ming', '欧阳 娜娜']) expect((await create({ name, unitId: jzk.id })).statusCode, name).toBe(201);
  });

  it('FL-5(1): a name stored before the check (here with a braille blank) still reads and its record still edits; only a new or changed name is checked', async () => {
    const legacy = await makePerson(t.deps, { name: '吴用', unitId: jzk.id, employeeNo: 'BNZJ0103' });
    // as a database from before left it: the name as typed, its key folded (migration 0690)
    await t.deps.db.kysely.updateTable('people').set({ name: '吴\u2800用' }).where('id', '=', legacy.id).execute();
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/people/${legacy.id}` })).json().name).toBe('吴\u2800用');
    // the person form sends every field back, the name unchanged
    const edited = await patch(legacy.id, { name: '吴\u2800用', phone: '023-66660000', version: legacy.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '吴\u2800用', phone: '023-66660000' });
    // a new spelling is checked
    expect((await patch(legacy.id, { name: '吴\u3164用', version: edited.json().version })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await patch(legacy.id, { name: '吴用', version: edited.json().version })).statusCode).toBe(200);
  });

  it('FL-5(1): the traditional form of a registered name (袁紅梅) is the same officer: refused without employee numbers, asked for the reason with them', async () => {
    const dup = await create({ name: '袁紅梅', unitId: jzk.id, employeeNo: null });
    // 袁红梅 has her employee number; a record without one may be her
    expect(expectCodedError(dup, 'traditional form'), dup.body).toBe('PERSON_DUPLICATE');
    expect(dup.json().error.details.existing).toMatchObject({ id: yuan.id, name: '袁红梅' });
    const withNo = await create({ name: '袁紅梅', unitId: jzk.id, employeeNo: 'BNZJ9903' });
    expect(expectCodedError(withNo, 'traditional form with a number'), withNo.body).toBe('VALIDATION_FAILED');
    expect(withNo.json().error.details.fields).toMatchObject([{ path: 'sameNameReason' }]);
    // renaming another record to the traditional form is the same
    const other = await makePerson(t.deps, { name: '袁红', unitId: jzk.id, employeeNo: null });
    expect((await patch(other.id, { name: '袁紅梅', version: other.version })).json().error.code).toBe('PERSON_DUPLICATE');
  });

  it('FL-5(1), FL-10(6): a namesake in the same unit with a made-up employee number needs the clerk\'s written reason, kept on the record, shown by the API and audited; without it nothing is stored', async () => {
    const before = await digestDatabase(t.deps.db);
    const bare = await create({ name: '袁红梅', unitId: jzk.id, employeeNo: 'BNZJ9902' });
    expect(expectCodedError(bare, 'made-up employee no.'), bare.body).toBe('VALIDATION_FAILED');
    const e = bare.json().error;
    expect(e.details.fields).toMatchObject([{ path: 'sameNameReason', label: { zh: '确认为不同人员的理由', en: 'Reason they are different people' } }]);
    expect(e.messageZh).toContain('本单位已登记同名人员“袁红梅”（建筑管理科，工号 BNZJ0101）');
    expect(e.messageZh).toContain('须填写确认为不同人员的理由');
    expect(e.messageEn).toContain('give the reason they are different people');
    expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
    // moving another 袁红梅 with her own number into the unit is asked the same
    const elsewhere = await makePerson(t.deps, { name: '袁红梅', employeeNo: 'BNZJ9904' });
    expect((await patch(elsewhere.id, { unitId: jzk.id, version: elsewhere.version })).json().error.details.fields).toMatchObject([{ path: 'sameNameReason' }]);
    // with the reason: registered, the reason on the record, in the API and in the audit row
    const made = await namesake();
    expect(made.sameNameReason).toBe('另有同名人员袁红梅，系2024年新入职的执法辅助人员');
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/people/${made.id}` })).json().sameNameReason).toBe('另有同名人员袁红梅，系2024年新入职的执法辅助人员');
    const audit = await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id', 'after_json']).where('action', '=', 'person.create').where('entity_id', '=', made.id).executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(t.userIds.clerk);
    expect(JSON.parse(audit.after_json!)).toMatchObject({ name: '袁红梅', employeeNo: 'BNZJ9902', sameNameReason: '另有同名人员袁红梅，系2024年新入职的执法辅助人员' });
    // an edit of another field of either record is not asked again
    expect((await patch(made.id, { phone: '023-66660001', version: made.version })).statusCode).toBe(200);
    expect((await patch(yuan.id, { phone: '023-66660002', version: yuan.version })).statusCode).toBe(200);
  });

  it('FL-5(1), FL-15: the real officer stands aside from a case naming her namesake (a made-up employee number and a reason): she neither chairs its meeting, nor is marked present, nor gives an opinion; the other members decide', async () => {
    const fake = await namesake();
    await body();
    const c = await makeCase(w, { tracks: ['FL'], subjects: [fake.id], to: 'accepted' });
    const chaired = await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.yuan });
    expect(expectCodedError(chaired, 'chair'), chaired.body).toBe('MEETING_INELIGIBLE');
    expect(chaired.json().error.details).toMatchObject({ userId: t.userIds.yuan, citation: 'FL-5(1)' });
    const m = await post('clerk', '/api/v1/meetings', { caseId: c.caseId, purpose: 'registration', heldOn: '2025-09-01', chairUserId: t.userIds.decider });
    expect(m.statusCode, m.body).toBe(201);
    const mine = m.json().members.find((x: { userId: string }) => x.userId === t.userIds.yuan);
    expect(mine).toMatchObject({ attendance: 'recused', recusalKind: 'automatic', mayChair: false });
    const present = await post('clerk', `/api/v1/meetings/${m.json().id}/attendance`, { userId: t.userIds.yuan, attendance: 'present' });
    expect(expectCodedError(present, 'attendance'), present.body).toBe('MEETING_INELIGIBLE');
    expect(present.json().error.details).toMatchObject({ userId: t.userIds.yuan });
    const opinion = await post('yuan', `/api/v1/meetings/${m.json().id}/opinions`, { userId: t.userIds.yuan, register: false });
    expect(opinion.statusCode, opinion.body).toBeGreaterThanOrEqual(400);
    expect((await t.deps.db.kysely.selectFrom('meeting_members').select(['attendance', 'opinion_json']).where('meeting_id', '=', m.json().id).where('user_id', '=', t.userIds.yuan!).executeTakeFirstOrThrow())).toEqual({ attendance: 'recused', opinion_json: null });
    // the others meet and decide
    await post('clerk', `/api/v1/meetings/${m.json().id}/attendance`, { userId: t.userIds.decider2, attendance: 'present' });
    for (const u of ['decider', 'decider2']) expect((await post(u, `/api/v1/meetings/${m.json().id}/opinions`, { userId: t.userIds[u], register: true })).statusCode).toBe(200);
    expect((await post('decider', `/api/v1/meetings/${m.json().id}/close`, {})).statusCode).toBe(200);
    // and she reads the case as one who stands aside does (its subject's perspective)
    expect(await perspectiveOf(t.deps.db.kysely, ctxOfUser(t, 'yuan', ['decider'], yuan.id).actor, c.caseId)).toBe('subject');
  });

  it('FL-5(1): the real officer — and her declared relative — is refused a step of a case naming her namesake (RECUSAL_REQUIRED) and is not offered it; another decider takes it', async () => {
    const fake = await namesake();
    const c = await makeCase(w, { tracks: ['WC'], source: 'wc5', subjects: [fake.id], to: 'accepted' });
    const act = async (user: string) =>
      post(user, `/api/v1/cases/${c.caseId}/actions/register`, { expectedVersion: await versionOf(w, c.caseId), registeredOn: '2025-09-01' });
    const refused = await act('yuan');
    expect(expectCodedError(refused, 'register'), refused.body).toBe('RECUSAL_REQUIRED');
    const conflicts = refused.json().error.details.conflicts;
    expect(conflicts).toMatchObject([{ source: 'subject', userId: t.userIds.yuan, name: '袁红梅' }]);
    expect(conflicts[0].reasonZh).toBe('本案被调查人（同单位同名人员，回避时按同一人认定）');
    const view = (await t.as('yuan', { method: 'GET', url: `/api/v1/cases/${c.caseId}` })).json();
    expect(view.allowedActions.map((a: { action: string }) => a.action)).not.toContain('register');
    expect((await t.deps.db.kysely.selectFrom('cases').select('state').where('id', '=', c.caseId).executeTakeFirstOrThrow()).state).toBe('accepted');
    // a declared relative of the real officer stands aside too, as from a case naming her
    expect((await post('clerk', '/api/v1/relationships', { userId: t.userIds.decider2, relatedPersonId: yuan.id, kind: 'close_relative', note: '配偶' })).statusCode).toBe(201);
    const relative = await act('decider2');
    expect(expectCodedError(relative, 'register by a relative'), relative.body).toBe('RECUSAL_REQUIRED');
    expect(relative.json().error.details.conflicts).toMatchObject([{ source: 'relationship', userId: t.userIds.decider2 }]);
    expect(await perspectiveOf(t.deps.db.kysely, ctxOfUser(t, 'decider2', ['decider']).actor, c.caseId)).toBe('subject');
    const ok = await act('decider');
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
