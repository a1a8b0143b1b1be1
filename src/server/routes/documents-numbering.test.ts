// GB/T 9704-2012 §7.2.4: a 发文字号 is the organ's own, from its series for the kind — the public
// check vouches for a number only because the system gave it. Red-team finding (docs, 4): a clerk
// typed the next number, a number already issued, another commission's decision series, and the
// verifier answered "matches".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { inTransaction } from '../../db/tx';
import { requireContent, storedContent } from '../../services/documents/sealed-content';

describe.each(engines)('documents: the 发文字号 is the system’s (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const draft = async (caseId: string, payload: Record<string, unknown>) => {
    const r = await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${caseId}/documents`, payload });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; currentVersion: number; versions: { content: Record<string, unknown> }[] };
  };
  const edit = (d: { id: string; currentVersion: number; versions: { content: Record<string, unknown> }[] }, change: Record<string, unknown>) =>
    t.as('clerk', { method: 'PUT', url: `/api/v1/documents/${d.id}`, payload: { expectedVersion: d.currentVersion, content: { ...d.versions.at(-1)!.content, ...change } } });
  const issue = (id: string, expectedVersion: number) => t.as('clerk', { method: 'POST', url: `/api/v1/documents/${id}/issue`, payload: { expectedVersion, issuedOn: '2025-09-01' } });
  const versionCount = async (id: string) => (await t.deps.db.kysely.selectFrom('document_versions').select('id').where('document_id', '=', id).execute()).length;

  it('GB/T 9704 §7.2.4: a typed 发文字号 is refused on edit and preview (DOCUMENT_NUMBER_ASSIGNED), for a numbered kind and an unnumbered one; nothing is stored and the public check knows no such number', async () => {
    const c = await makeDecidedCase(w);
    const notice = await draft(c.caseId, { kind: 'publication_notice' });
    for (const typed of ['巴住建问通报〔2025〕1号', '巴住建问通报〔2025〕7号', '巴住建问决〔2025〕1号']) {
      const r = await edit(notice, { docNumber: typed });
      expect(r.statusCode, typed).toBe(422);
      expect(r.json().error.code).toBe('DOCUMENT_NUMBER_ASSIGNED');
      expect(r.json().error.message).toContain('发文字号');
    }
    const preview = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${notice.id}/preview`, payload: { content: { ...notice.versions[0]!.content, docNumber: '巴住建问决〔2025〕1号' } } });
    expect(preview.statusCode).toBe(422);
    expect(preview.json().error.code).toBe('DOCUMENT_NUMBER_ASSIGNED');
    expect(await versionCount(notice.id)).toBe(1);
    // an unnumbered kind (立案审批表) carries none
    const form = await draft(c.caseId, { kind: 'registration_approval' });
    const r = await edit(form, { docNumber: '巴住建问决〔2025〕1号' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('DOCUMENT_NUMBER_ASSIGNED');
    expect(await versionCount(form.id)).toBe(1);
    // issued untyped: the series' first number, which the public check knows; the typed ones it does not
    const issued = await issue(notice.id, 1);
    expect(issued.json().docNumber).toBe('巴住建问通报〔2025〕1号');
    const sha = issued.json().issuedPdfSha256 as string;
    const check = async (n: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/public/documents/verify?number=${encodeURIComponent(n)}&sha256=${sha}` })).json().matches;
    expect(await check('巴住建问通报〔2025〕1号')).toBe(true);
    expect(await check('巴住建问决〔2025〕1号')).toBe(false);
  });

  it('GB/T 9704 §7.2.4: the 印发日期 that gives the number its year is never a day to come nor before the case was received (400 on issuedOn, nothing issued)', async () => {
    const c = await makeDecidedCase(w);
    const notice = await draft(c.caseId, { kind: 'publication_notice' });
    for (const issuedOn of ['1999-01-01', '2099-01-01']) {
      const r = await t.as('clerk', { method: 'POST', url: `/api/v1/documents/${notice.id}/issue`, payload: { expectedVersion: 1, issuedOn } });
      expect(r.statusCode, issuedOn).toBe(400);
      expect(r.json().error.details.fields[0].path).toBe('issuedOn');
    }
    const row = await t.deps.db.kysely.selectFrom('documents').select(['status', 'doc_number']).where('id', '=', notice.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', doc_number: null });
    expect((await issue(notice.id, 1)).json().docNumber).toBe('巴住建问通报〔2025〕1号');
  });

  it('GB/T 9704 §7.2.4: a number in a draft saved before the rule is replaced at issue by the series’ next one, and the series passes over a number a document already carries', async () => {
    const c = await makeDecidedCase(w);
    const first = await draft(c.caseId, { kind: 'publication_notice' });
    expect((await issue(first.id, 1)).json().docNumber).toBe('巴住建问通报〔2025〕1号');
    // an older document that took 2号 by typing (before the rule), and a draft holding a typed 1号
    const older = await draft(c.caseId, { kind: 'team_appointment' });
    await t.deps.db.kysely.updateTable('documents').set({ doc_number: '巴住建问通报〔2025〕2号' }).where('id', '=', older.id).execute();
    const fix = await draft(c.caseId, { kind: 'publication_notice', supersedesId: first.id });
    const row = await t.deps.db.kysely.selectFrom('document_versions').select(['id', 'content']).where('document_id', '=', fix.id).executeTakeFirstOrThrow();
    const content = await requireContent(t.deps.db.kysely, c.caseId, row.content);
    const source = (await t.deps.db.kysely.selectFrom('cases').select('source').where('id', '=', c.caseId).executeTakeFirstOrThrow()).source;
    await inTransaction(t.deps.db, async (tx) => {
      await tx.updateTable('document_versions').set({ content: await storedContent(tx, c.caseId, source, { ...content, docNumber: '巴住建问通报〔2025〕1号' }) }).where('id', '=', row.id).execute();
    });
    const issued = await issue(fix.id, 1);
    expect(issued.statusCode, issued.body).toBe(200);
    // neither the typed 1号 (issued already) nor 2号 (carried by the older document): the next free one
    expect(issued.json()).toMatchObject({ docNumber: '巴住建问通报〔2025〕3号', issuedVersion: 2, supersedesId: first.id });
    expect(issued.json().versions.at(-1).content.docNumber).toBe('巴住建问通报〔2025〕3号');
  });

  it('GB/T 9704 §7.2.4: no two documents carry one 发文字号 — the database refuses a second (unique index, migration 0570)', async () => {
    const c = await makeDecidedCase(w);
    const first = await draft(c.caseId, { kind: 'publication_notice' });
    const number = (await issue(first.id, 1)).json().docNumber as string;
    const other = await draft(c.caseId, { kind: 'team_appointment' });
    await expect(t.deps.db.kysely.updateTable('documents').set({ doc_number: number }).where('id', '=', other.id).execute()).rejects.toThrow();
  });

  it('GB/T 9704: a kind keeps its title form — another kind titled as a 处理决定书, 会议纪要 or 立案审批表 is refused (DOCUMENT_TITLE_FORM), and a 处理决定书 stays one', async () => {
    const c = await makeDecidedCase(w);
    const notice = await draft(c.caseId, { kind: 'publication_notice' });
    for (const title of ['关于给予王某某记过处分的处理决定书', '行政执法过错责任追究决定书', '处 理 决 定\u200b书', '关于巴住建问〔2025〕1号案件处理决定的会议纪要', '行政执法责任追究立案审批表']) {
      const r = await edit(notice, { title });
      expect(r.statusCode, title).toBe(422);
      expect(r.json().error.code).toBe('DOCUMENT_TITLE_FORM');
    }
    expect(await versionCount(notice.id)).toBe(1);
    // its own kind of title is fine
    expect((await edit(notice, { title: '关于行政执法责任追究情况的通报（第一期）' })).statusCode).toBe(200);
    // the 处理决定书 keeps its form
    const decision = await draft(c.caseId, { kind: 'decision_notice', subjectId: w.fx.handler.id });
    const r = await edit(decision, { title: '关于王某某问题的答复' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('DOCUMENT_TITLE_FORM');
  });
});
