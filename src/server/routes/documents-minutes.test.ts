// The 会议纪要 (FL-5(4), FL-15) and the 处理决定书 (WC-9(3), FL-15) against the record they state.
// The 会议纪要 against the meeting record: what the minutes take from the record
// — date, chair, attendance, who stood aside, each member's opinion, the result — is pinned to it
// on every write of a version (edit, issue), and nothing is added to it; minutes that no longer
// agree with the record (the decision in force changed after drafting, the meeting set aside) are
// not issued. Through HTTP, on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { driveCaseTo, holdMeeting, performAction } from '../../services/cases';
import { createMeeting } from '../../services/meetings/meeting-service';

interface Content {
  fields: { label: string; value: string }[];
  paragraphs: { style: string; text: string }[];
  title: string;
  [k: string]: unknown;
}

describe.each(engines)('meeting minutes vs the meeting record (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const draftMinutes = (caseId: string) => t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload: { kind: 'meeting_minutes' } });
  const get = async (docId: string) => {
    const r = await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${docId}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const edit = (docId: string, expectedVersion: number, content: Content) => t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${docId}`, payload: { expectedVersion, content } });
  const issue = (docId: string, expectedVersion: number) => t.as('clerk', { method: 'POST', url: `/api/v1/documents/${docId}/issue`, payload: { expectedVersion, issuedOn: '2025-09-01' } });
  /** what is stored of the document: its row and every version's content */
  const stored = async (docId: string) => ({
    doc: await t.deps.db.kysely.selectFrom('documents').select(['status', 'current_version', 'issued_version', 'doc_number']).where('id', '=', docId).executeTakeFirstOrThrow(),
    versions: await t.deps.db.kysely.selectFrom('document_versions').select(['number', 'content']).where('document_id', '=', docId).orderBy('number').execute(),
    edits: (await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', 'in', ['case.document.edit', 'case.document.issue']).execute()).length,
  });
  const refusedAs = (r: LightMyRequestResponse, status: number, code: string): { fields: string[]; messageZh: string; messageEn: string } => {
    expect(r.statusCode, r.body).toBe(status);
    const e = r.json().error;
    expect(e.code).toBe(code);
    return { fields: e.details.fields, messageZh: e.messageZh, messageEn: e.messageEn };
  };
  const withField = (c: Content, label: string, value: string): Content => ({ ...c, fields: c.fields.map((f) => (f.label === label ? { ...f, value } : f)) });
  const withParagraph = (c: Content, at: number, text: string): Content => ({ ...c, paragraphs: c.paragraphs.map((p, i) => (i === at ? { ...p, text } : p)) });
  const indexOf = (c: Content, re: RegExp): number => {
    const i = c.paragraphs.findIndex((p) => re.test(p.text));
    expect(i, String(re)).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('FL-5(4), FL-15: editing the chair, the date, the attendance, an attendee’s opinion or the result in a minutes draft is refused naming the part (DOCUMENT_RECORD_PINNED); nothing stored changes', async () => {
    const c = await makeDecidedCase(w);
    const r = await draftMinutes(c.caseId);
    expect(r.statusCode).toBe(201);
    const doc = r.json();
    const v1: Content = doc.versions[0].content;
    // the editor is told which parts come from the record
    expect(doc.pinned).toMatchObject({ source: { zh: '会议记录' }, fields: ['时间', '主持', '出席'], stale: false });
    // FL-15: every paragraph of the minutes is the record's (the closing one too)
    expect(doc.pinned.paragraphs).toEqual([...Array(v1.paragraphs.length).keys()]);
    const before = await stored(doc.id);

    const attempts: { content: Content; names: string }[] = [
      { content: withField(v1, '主持', 'decider2'), names: '主持' },
      { content: withField(v1, '时间', '2025年9月2日'), names: '时间' },
      { content: withField(v1, '出席', 'decider、decider2'), names: '出席' },
      // a second 出席 row beside the record's
      { content: { ...v1, fields: [...v1.fields, { label: '出席', value: 'decider' }] }, names: '出席' },
      { content: withParagraph(v1, 0, v1.paragraphs[0]!.text.replace('decider主持', 'decider2主持')), names: '会议时间和主持人' },
      { content: withParagraph(v1, indexOf(v1, /^decider2：/), 'decider2：不予追究'), names: '与会人员意见（decider2）' },
      { content: withParagraph(v1, indexOf(v1, /^应到委党委会成员/), '应到委党委会成员3人（回避0人不计入），实到2人，符合过半数出席的要求。'), names: '出席人数' },
      { content: withParagraph(v1, indexOf(v1, /责令作出书面检讨/), v1.paragraphs[indexOf(v1, /责令作出书面检讨/)]!.text.replace('责令作出书面检讨', '通报批评')), names: `会议决定（${w.fx.handler.name}）` },
      // an opinion slipped in among the record's
      { content: { ...v1, paragraphs: [...v1.paragraphs.slice(0, indexOf(v1, /^decider2：/)), { style: 'body', text: 'decider4：同意' }, ...v1.paragraphs.slice(indexOf(v1, /^decider2：/))] }, names: '记录之外另加的段落' },
      // an opinion left out
      { content: { ...v1, paragraphs: v1.paragraphs.filter((p) => !p.text.startsWith('decider2：')) }, names: '与会人员意见（decider2）' },
    ];
    for (const a of attempts) {
      const e = refusedAs(await edit(doc.id, 1, a.content), 422, 'DOCUMENT_RECORD_PINNED');
      expect(e.fields, a.names).toContain(a.names);
      expect(e.messageZh).toContain(a.names);
      expect(e.messageZh).toContain('会议记录');
      expect(e.messageEn).toContain('meeting record');
    }
    // refused before anything is written: no version, no audit row
    expect(await stored(doc.id)).toEqual(before);
  });

  it('FL-5(4), FL-15: the minutes say only what the meeting recorded — a decision added after the record’s paragraphs, an added paragraph of other business, or the closing paragraph reworded is refused (nothing stored); what else the meeting discussed comes from its own minutes; the title stays editable, and it issues', async () => {
    const c = await makeDecidedCase(w);
    const doc = (await draftMinutes(c.caseId)).json();
    const v1: Content = doc.versions[0].content;
    const last = v1.paragraphs.length - 1;
    const before = await stored(doc.id);
    // the meeting's own minutes (recorded before it closed) are in the text, pinned
    const own = indexOf(v1, /^会议听取了调查组关于该案的汇报。$/);
    expect(doc.pinned.paragraphs).toContain(own);
    const added = refusedAs(await edit(doc.id, 1, { ...v1, paragraphs: [...v1.paragraphs, { style: 'body', text: `会议还决定：暂扣${w.fx.handler.name}执法证件三个月。` }] }), 422, 'DOCUMENT_RECORD_PINNED');
    expect(added.fields).toEqual(['记录之外另加的段落']);
    expect(added.messageZh).toContain('会议记录');
    expect(added.messageEn).toContain('a paragraph the record does not hold');
    refusedAs(await edit(doc.id, 1, { ...v1, paragraphs: [...v1.paragraphs, { style: 'h1', text: '三、其他事项' }, { style: 'body', text: '会议还研究了执法案卷评查工作。' }] }), 422, 'DOCUMENT_RECORD_PINNED');
    const reworded = refusedAs(await edit(doc.id, 1, withParagraph(v1, last, '会议要求委法制科暂不送达处理决定书。')), 422, 'DOCUMENT_RECORD_PINNED');
    expect(reworded.fields).toEqual(['会议对送达、告知和公开的要求']);
    expect(await stored(doc.id)).toEqual(before);

    const r = await edit(doc.id, 1, { ...v1, title: `${v1.title}（第一次）` });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().pinned.stale).toBe(false);
    const i = await issue(doc.id, 2);
    expect(i.statusCode, i.body).toBe(200);
    expect(i.json()).toMatchObject({ status: 'issued', pinned: null });
  });

  it('FL-15: minutes drafted before the decision in force changed (the defence reviewed at a new meeting) no longer agree with the meeting record — issuing and editing them are refused (DOCUMENT_RECORD_CHANGED); a fresh draft states the new meeting and issues', async () => {
    const c = await makeDecidedCase(w, { to: 'notified' });
    const old = (await draftMinutes(c.caseId)).json();
    const v1: Content = old.versions[0].content;
    expect(old.pinned.stale).toBe(false);
    // WC-11: the officer's defence, reviewed at a meeting of the body that revokes the handling
    const filed = await performAction(w.ctx.subject, c.caseId, 'file_defence', { expectedVersion: await versionOf(w, c.caseId), subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-01', statement: '不服' });
    const appealId = (filed.created as { id: string }).id;
    const meetingId = await holdMeeting(w.ctx, c.caseId, 'appeal', () => ({ outcome: 'revoked' }), { on: '2025-09-01', appealId });
    await performAction(w.ctx.decider, c.caseId, 'decide_appeal', { expectedVersion: await versionOf(w, c.caseId), meetingId, appealId, outcome: 'revoked', decidedOn: '2025-09-01', reason: '事实不清，撤销处理', departureReason: '事实不清，不予追究。' });

    const shown = await get(old.id);
    expect(shown.pinned.stale).toBe(true);
    const before = await stored(old.id);
    const e = refusedAs(await issue(old.id, 1), 409, 'DOCUMENT_RECORD_CHANGED');
    expect(e.fields).toContain('与会人员意见（decider2）');
    expect(e.messageZh).toContain('重新起草');
    // an edit of its free text alone does not carry it past the record either
    refusedAs(await edit(old.id, 1, withParagraph(v1, v1.paragraphs.length - 1, '会议要求及时送达。')), 409, 'DOCUMENT_RECORD_CHANGED');
    expect(await stored(old.id)).toEqual(before);
    expect(before.doc).toMatchObject({ status: 'draft', issued_version: null, doc_number: null });

    // drafted anew from the record: the review meeting's opinions and result
    const fresh = (await draftMinutes(c.caseId)).json();
    const text = fresh.versions[0].content.paragraphs.map((p: { text: string }) => p.text).join('\n');
    expect(text).toContain('撤销处理');
    expect(text).toContain('不予追究');
    expect(fresh.pinned.stale).toBe(false);
    expect((await issue(fresh.id, 1)).statusCode).toBe(200);
  });

  it('FL-15: no minutes are drafted while the decision meeting is open, nor from a meeting set aside by meeting again (reconvened) — only from the meeting the decision carried out; a draft whose meeting is later found set aside is not issued', async () => {
    const c = await makeCase(w, { to: 'findings_submitted' });
    const opinion = () => ({ items: [{ subjectPersonId: w.fx.handler.id, noAccountability: false, forms: ['FL-6(2)'] }] });
    const closed = await holdMeeting(w.ctx, c.caseId, 'decision', opinion, { on: '2025-09-01' });
    const refusedDraft = async () => {
      const r = await draftMinutes(c.caseId);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().error.code).toBe('PRECONDITION_FAILED');
      const list = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/documents` })).json();
      expect(list.draftableKinds.find((k: { kind: string }) => k.kind === 'meeting_minutes')).toMatchObject({ available: false });
    };
    // closed, not carried out by a decision
    await refusedDraft();
    // met again: the closed meeting is set aside, the new one still open
    const again = await createMeeting(w.ctx.clerk, { caseId: c.caseId, purpose: 'decision', heldOn: '2025-09-01', chairUserId: w.ctx.decider.actor.userId, reconveneReason: '补充听取调查组意见' });
    expect((await t.deps.db.kysely.selectFrom('meetings').select('carried_out_by_step').where('id', '=', closed).executeTakeFirstOrThrow()).carried_out_by_step).toBe('reconvened');
    expect(again.status).toBe('open');
    await refusedDraft();

    // A decided case whose decision names a meeting that stands set aside (the record says so):
    // neither drafted nor issued as the decision's minutes.
    const d = await makeDecidedCase(w);
    const doc = (await draftMinutes(d.caseId)).json();
    const decision = await t.deps.db.kysely.selectFrom('case_decisions').select('meeting').where('case_id', '=', d.caseId).executeTakeFirstOrThrow();
    const meetingId = (JSON.parse(decision.meeting) as { meetingId: string }).meetingId;
    await t.deps.db.kysely.updateTable('meetings').set({ carried_out_by_step: 'reconvened' }).where('id', '=', meetingId).execute();
    const r = await draftMinutes(d.caseId);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.messageZh).toContain('已另行召开');
    const e = refusedAs(await issue(doc.id, 1), 409, 'DOCUMENT_RECORD_CHANGED');
    expect(e.messageZh).toContain('已另行召开');
    expect((await stored(doc.id)).doc.status).toBe('draft');
  });

  describe('the 处理决定书 against the decision record (WC-9(3), FL-15)', () => {
    const draftNotice = (caseId: string) => t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } });

    it('WC-9(3), FL-15: editing what is decided, its basis and meeting date, the award bar (FL-14) or the rights (WC-11) in a 处理决定书 draft is refused naming the part (DOCUMENT_RECORD_PINNED), nothing stored; the facts as found stay the drafter’s words, and it issues', async () => {
      const c = await makeDecidedCase(w);
      const r = await draftNotice(c.caseId);
      expect(r.statusCode, r.body).toBe(201);
      const doc = r.json();
      const v1: Content = doc.versions[0].content;
      const decided = indexOf(v1, /^责令作出书面检讨/);
      const basis = indexOf(v1, /委党委会会议集体讨论决定/);
      expect(doc.pinned).toMatchObject({ source: { zh: '处理决定' }, fields: [], stale: false });
      expect(doc.pinned.paragraphs).toEqual(expect.arrayContaining([basis, decided, indexOf(v1, /FL-14|第十四条/), indexOf(v1, /陈述|申辩/)]));
      const before = await stored(doc.id);
      const attempts: { content: Content; names: string }[] = [
        { content: withParagraph(v1, decided, '通报批评。'), names: '处理决定' },
        { content: withParagraph(v1, basis, v1.paragraphs[basis]!.text.replace(/经[^，]*委党委会会议/, '经2025年9月30日委党委会会议')), names: '决定依据和会议日期' },
        { content: withParagraph(v1, indexOf(v1, /第十四条/), '你所在单位当年仍可评为先进集体。'), names: '当年评先评优限制（FL-14）' },
        { content: withParagraph(v1, indexOf(v1, /申辩/), '本决定为终局决定。'), names: '陈述申辩和申诉权利（WC-11）' },
        // a sanction slipped in before the decided one moves it from its place
        { content: { ...v1, paragraphs: [...v1.paragraphs.slice(0, decided), { style: 'body', text: '暂扣执法证件三个月。' }, ...v1.paragraphs.slice(decided)] }, names: '处理决定' },
      ];
      for (const a of attempts) {
        const e = refusedAs(await edit(doc.id, 1, a.content), 422, 'DOCUMENT_RECORD_PINNED');
        expect(e.fields, a.names).toContain(a.names);
        expect(e.messageZh).toContain('来自处理决定');
        expect(e.messageEn).toContain('decision record');
      }
      expect(await stored(doc.id)).toEqual(before);
      // the facts as found, reworded by the drafter
      const facts = indexOf(v1, /^我委于/) + 1;
      const ok = await edit(doc.id, 1, withParagraph(v1, facts, `${v1.paragraphs[facts]!.text}（详见调查报告）`));
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await issue(doc.id, 2)).statusCode).toBe(200);
    });

    it('FL-15, WC-11: a 处理决定书 drafted before a defence changed the decision is not issued (DOCUMENT_RECORD_CHANGED, nothing stored); drafted anew it states the decision in force', async () => {
      const c = await makeDecidedCase(w, { to: 'notified' });
      const old = (await draftNotice(c.caseId)).json();
      const filed = await performAction(w.ctx.subject, c.caseId, 'file_defence', { expectedVersion: await versionOf(w, c.caseId), subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-01', statement: '不服' });
      const appealId = (filed.created as { id: string }).id;
      const meetingId = await holdMeeting(w.ctx, c.caseId, 'appeal', () => ({ outcome: 'changed', forms: ['FL-6(1)'] }), { on: '2025-09-01', appealId });
      const decided = await performAction(w.ctx.decider, c.caseId, 'decide_appeal', { expectedVersion: await versionOf(w, c.caseId), meetingId, appealId, outcome: 'changed', forms: ['FL-6(1)'], decidedOn: '2025-09-01', reason: '情节较轻，改为批评教育', departureReason: '情节较轻' });
      expect(decided).toBeTruthy();
      expect((await get(old.id)).pinned.stale).toBe(true);
      const before = await stored(old.id);
      const e = refusedAs(await issue(old.id, 1), 409, 'DOCUMENT_RECORD_CHANGED');
      expect(e.fields).toContain('处理决定');
      expect(e.messageZh).toContain('起草后处理决定已变更');
      expect(await stored(old.id)).toEqual(before);
      const fresh = (await draftNotice(c.caseId)).json();
      expect(fresh.versions[0].content.paragraphs.map((p: { text: string }) => p.text).join('\n')).toContain('批评教育');
      expect(fresh.pinned.stale).toBe(false);
      expect((await issue(fresh.id, 1)).statusCode).toBe(200);
    });

    it('WC-9(3), FL-15: nothing follows the 处理决定书’s record paragraphs (a sanction added after the rights is refused, nothing stored); the drafter adds paragraphs of fact above them, and the record parts are found below', async () => {
      const c = await makeDecidedCase(w);
      const doc = (await draftNotice(c.caseId)).json();
      const v1: Content = doc.versions[0].content;
      const before = await stored(doc.id);
      const after = refusedAs(await edit(doc.id, 1, { ...v1, paragraphs: [...v1.paragraphs, { style: 'body', text: '另决定：暂扣执法证件三个月。' }] }), 422, 'DOCUMENT_RECORD_PINNED');
      expect(after.fields).toEqual(['记录段落之后另加的段落']);
      expect(after.messageZh).toContain('来自处理决定');
      expect(await stored(doc.id)).toEqual(before);
      // a paragraph of fact added above the record's
      const facts = indexOf(v1, /^我委于/) + 1;
      const added = { ...v1, paragraphs: [...v1.paragraphs.slice(0, facts + 1), { style: 'body', text: '另查明，该案卷中未附现场检查笔录。' }, ...v1.paragraphs.slice(facts + 1)] };
      const ok = await edit(doc.id, 1, added);
      expect(ok.statusCode, ok.body).toBe(200);
      const now = await get(doc.id);
      expect(now.pinned.stale).toBe(false);
      // the editor is told the record's paragraphs where they now stand
      expect(now.pinned.paragraphs).toEqual(doc.pinned.paragraphs.map((i: number) => i + 1));
      const decided = indexOf(added, /^责令作出书面检讨/);
      expect(now.pinned.paragraphs).toContain(decided);
      refusedAs(await edit(doc.id, 2, withParagraph(added, decided, '通报批评。')), 422, 'DOCUMENT_RECORD_PINNED');
      expect((await issue(doc.id, 2)).statusCode).toBe(200);
    });

    it('WC-9(3), issue 9: a decision whose reason names the reporter gives a 处理决定书 without the name that still agrees with the decision record: it is edited and issued, and its pinned parts stay pinned', async () => {
      const c = await makeDecidedCase(w, { to: 'notified' });
      const filed = await performAction(w.ctx.subject, c.caseId, 'file_defence', { expectedVersion: await versionOf(w, c.caseId), subjectPersonId: w.fx.handler.id, kind: 'defence', filedOn: '2025-09-01', statement: '不服' });
      const appealId = (filed.created as { id: string }).id;
      const meetingId = await holdMeeting(w.ctx, c.caseId, 'appeal', () => ({ outcome: 'changed', forms: ['FL-6(1)'] }), { on: '2025-09-01', appealId });
      // the reporter of makeCase is 张举报 (13800000000)
      await performAction(w.ctx.decider, c.caseId, 'decide_appeal', { expectedVersion: await versionOf(w, c.caseId), meetingId, appealId, outcome: 'changed', forms: ['FL-6(1)'], decidedOn: '2025-09-01', reason: '经核实张举报（13800000000）反映的情况，情节较轻，改为批评教育', departureReason: '情节较轻' });
      const r = await draftNotice(c.caseId);
      expect(r.statusCode, r.body).toBe(201);
      const doc = r.json();
      const v1: Content = doc.versions[0].content;
      const text = v1.paragraphs.map((p) => p.text).join('\n');
      expect(text).toContain('情节较轻，改为批评教育');
      expect(text).not.toContain('张举报');
      expect(text).not.toContain('13800000000');
      expect(doc.pinned.stale).toBe(false);
      const reason = indexOf(v1, /情节较轻，改为批评教育/);
      expect(doc.pinned.paragraphs).toContain(reason);
      // the reason is still pinned: changed, it is refused
      refusedAs(await edit(doc.id, 1, withParagraph(v1, reason, v1.paragraphs[reason]!.text.replace('批评教育', '不予追究'))), 422, 'DOCUMENT_RECORD_PINNED');
      // the drafter's own words change, and it issues
      const facts = indexOf(v1, /^我委于/) + 1;
      const ok = await edit(doc.id, 1, withParagraph(v1, facts, `${v1.paragraphs[facts]!.text}（详见调查报告）`));
      expect(ok.statusCode, ok.body).toBe(200);
      const issued = await issue(doc.id, 2);
      expect(issued.statusCode, issued.body).toBe(200);
    });
  });

  describe('the 立案审批表 against the registration record (FL-15)', () => {
    const draftForm = (caseId: string) => t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload: { kind: 'registration_approval' } });
    const fieldOf = (c: Content, label: string): string => c.fields.find((f) => f.label === label)!.value;

    it('FL-15: the case number, date accepted, officers and the meeting’s opinion in a 立案审批表 are the registration record’s (DOCUMENT_RECORD_PINNED, nothing stored); the summary stays the drafter’s, and it issues', async () => {
      const c = await makeCase(w, { to: 'registered' });
      const r = await draftForm(c.caseId);
      expect(r.statusCode, r.body).toBe(201);
      const doc = r.json();
      const v1: Content = doc.versions[0].content;
      expect(fieldOf(v1, '委党委会会议意见')).toContain('同意立案');
      expect(doc.pinned).toMatchObject({ source: { zh: '立案记录' }, fields: ['案件编号', '受理日期', '被调查人员', '委党委会会议意见'], stale: false });
      const before = await stored(doc.id);
      for (const [label, value] of [
        ['委党委会会议意见', '同意立案。（2025年10月8日委党委会会议确定）'],
        ['被调查人员', '张三'],
        ['受理日期', '2025年10月1日'],
      ] as const) {
        const e = refusedAs(await edit(doc.id, 1, withField(v1, label, value)), 422, 'DOCUMENT_RECORD_PINNED');
        expect(e.fields, label).toEqual([label]);
        expect(e.messageZh).toContain('来自立案记录');
      }
      expect(await stored(doc.id)).toEqual(before);
      const ok = await edit(doc.id, 1, withField(v1, '简要案情', `${fieldOf(v1, '简要案情')}（另附来信复印件）`));
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await issue(doc.id, 2)).statusCode).toBe(200);
    });

    it('FL-15: before the committee registers the case the form says its opinion awaits the meeting, and a drafter’s “同意立案” is refused; once registered, the old draft is stale and a fresh one states the registration', async () => {
      const c = await makeCase(w, { to: 'accepted' });
      const doc = (await draftForm(c.caseId)).json();
      const v1: Content = doc.versions[0].content;
      expect(fieldOf(v1, '委党委会会议意见')).toContain('待委党委会会议研究');
      const forged = refusedAs(await edit(doc.id, 1, withField(v1, '委党委会会议意见', '同意立案。（2025年9月1日委党委会会议确定）')), 422, 'DOCUMENT_RECORD_PINNED');
      expect(forged.fields).toEqual(['委党委会会议意见']);
      await driveCaseTo(w.ctx, c.caseId, 'registered', { on: '2025-09-01' });
      expect((await get(doc.id)).pinned.stale).toBe(true);
      refusedAs(await issue(doc.id, 1), 409, 'DOCUMENT_RECORD_CHANGED');
      const fresh = (await draftForm(c.caseId)).json();
      expect(fieldOf(fresh.versions[0].content, '委党委会会议意见')).toContain('同意立案');
      expect((await issue(fresh.id, 1)).statusCode).toBe(200);
    });
  });
});
