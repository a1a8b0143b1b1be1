import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, newCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';

function multipart(fields: Record<string, string | number>, file?: { name: string; type: string; content: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----wenze-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(engines)('WC-9(2) evidence: content-addressed, never edited, corrected by supersession (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  beforeEach(async () => {
    ({ t, w } = await newCaseWorld(engine, '2025-09-03T02:00:00.000Z'));
    caseId = (await makeCase(w, { to: 'investigating' })).caseId;
  });
  afterEach(async () => t.close());

  const upload = async (fields: Record<string, string | number>, file?: { name: string; type: string; content: Buffer }, user = 'investigator') => {
    const m = multipart({ expectedVersion: await versionOf(w, caseId), ...fields }, file);
    return t.as(user, { method: 'POST', url: `/api/v1/cases/${caseId}/evidence`, payload: m.payload, headers: m.headers });
  };

  it('an upload is stored by its SHA-256 and downloads with the same bytes and hash', async () => {
    const content = Buffer.from('询问笔录：2025年9月2日，询问承办人……', 'utf8');
    const sha = createHash('sha256').update(content).digest('hex');
    const r = await upload({ kind: 'interview_record', title: '询问笔录（承办人）', source: '调查组询问', collectedOn: '2025-09-02' }, { name: '询问笔录.txt', type: 'text/plain', content });
    expect(r.statusCode).toBe(200);
    const { created, case: view } = r.json();
    expect(created.kind).toBe('evidence');
    expect(view.evidence[0]).toMatchObject({ id: created.id, kind: 'interview_record', file: { sha256: sha, name: '询问笔录.txt', size: content.length }, supersededById: null });
    expect(await t.deps.db.kysely.selectFrom('stored_files').select('sha256').where('sha256', '=', sha).executeTakeFirst()).toBeDefined();
    const d = await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${created.id}/file` });
    expect(d.statusCode).toBe(200);
    expect(d.headers['x-content-sha256']).toBe(sha);
    expect(d.rawPayload.equals(content)).toBe(true);
    expect(String(d.headers['content-disposition'])).toContain(encodeURIComponent('询问笔录.txt'));
    // The download itself is on the case's record.
    const tl = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).json().items;
    expect(tl.map((i: { action: string }) => i.action)).toContain('case.evidence.download');
  });

  it('WC-11, FL-7(7): the web form’s disclosure switch arrives over multipart as text — an investigator’s yes is a request waiting for a clerk, a clerk’s (on the team) a disclosure', async () => {
    const content = Buffer.from('现场核查记录', 'utf8');
    const shown = await upload({ kind: 'site_inspection', title: '现场核查记录', source: '调查组', collectedOn: '2025-09-02', disclosable: 'true' }, { name: '核查.txt', type: 'text/plain', content });
    expect(shown.statusCode).toBe(200);
    const kept = await upload({ kind: 'document', title: '内部材料', source: '调查组', collectedOn: '2025-09-02', disclosable: 'false' }, { name: '内部.txt', type: 'text/plain', content: Buffer.from('内部') });
    expect(kept.statusCode).toBe(200);
    // a clerk who sits on the team discloses at once (the check runs for him)
    await t.addUser('clerk_inv', ['clerk', 'investigator']);
    await t.deps.db.kysely.insertInto('case_team_members').values({ id: `tm-${caseId}`, case_id: caseId, user_id: t.userIds.clerk_inv!, person_id: null, lead: 0, appointed_on: '2025-09-01', created_at: '2025-09-01T00:00:00.000Z' }).execute();
    const clerks = await upload({ kind: 'site_inspection', title: '现场照片', source: '调查组', collectedOn: '2025-09-02', disclosable: 'true' }, { name: '照片.txt', type: 'text/plain', content: Buffer.from('照片') }, 'clerk_inv');
    expect(clerks.statusCode, clerks.body).toBe(200);
    const rows = await t.deps.db.kysely.selectFrom('case_evidence').select(['id', 'disclosable', 'disclosure_requested_by']).where('case_id', '=', caseId).execute();
    const state = (id: string) => { const r = rows.find((x) => x.id === id)!; return [Number(r.disclosable), r.disclosure_requested_by]; };
    expect(state(shown.json().created.id)).toEqual([0, w.t.userIds.investigator]);
    expect(state(kept.json().created.id)).toEqual([0, null]);
    expect(state(clerks.json().created.id)).toEqual([1, null]);
  });

  it('FL-10(2): evidence is never edited — a correction is a new item that supersedes the old one, both kept', async () => {
    const first = (await upload({ kind: 'site_inspection', title: '现场检查记录', source: '现场', collectedOn: '2025-09-02', textContent: '面积 120 平方米' })).json().created.id;
    const missingReason = await upload({ kind: 'site_inspection', title: '现场检查记录（更正）', source: '现场', collectedOn: '2025-09-03', textContent: '面积 210 平方米', supersedesId: first });
    expect(missingReason.statusCode).toBe(400);
    const second = await upload({ kind: 'site_inspection', title: '现场检查记录（更正）', source: '现场', collectedOn: '2025-09-03', textContent: '面积 210 平方米', supersedesId: first, correctionReason: '原记录面积笔误' });
    expect(second.statusCode).toBe(200);
    const ev = second.json().case.evidence;
    expect(ev).toHaveLength(2);
    // newest first: the correction, then the item it supersedes
    expect(ev[1]).toMatchObject({ id: first, supersededById: second.json().created.id });
    expect(ev[0]).toMatchObject({ supersedesId: first, correctionReason: '原记录面积笔误' });
    const oldText = (await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${first}/text` })).json();
    expect(oldText.textContent).toBe('面积 120 平方米');
    // Correcting the superseded item again is refused: only the latest version can be corrected.
    const again = await upload({ kind: 'site_inspection', title: 'x', source: 'x', collectedOn: '2025-09-03', textContent: 'x', supersedesId: first, correctionReason: 'x' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.fields[0].path).toBe('supersedesId');
    // There is no route that edits or deletes evidence.
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      expect((await t.as('investigator', { method, url: `/api/v1/cases/${caseId}/evidence/${first}` })).statusCode).toBe(404);
    }
  });

  it('only the appointed team records evidence; the clerk gets TRANSITION_ROLE', async () => {
    const r = await upload({ kind: 'statement', title: '情况说明', source: '承办人', collectedOn: '2025-09-02', textContent: '说明' }, undefined, 'clerk');
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('TRANSITION_ROLE');
    expect(await t.deps.db.kysely.selectFrom('case_evidence').selectAll().execute()).toEqual([]);
  });
  it('WC-9(2) evidence: a file whose Content-Type carries a control character is kept as application/octet-stream and downloads', async () => {
    for (const type of ['text/plain\x01', 'text/plain\x7f', 'a'.repeat(300), 'text plain']) {
      const content = Buffer.from(`现场照片说明 ${JSON.stringify(type).length}`, 'utf8');
      const r = await upload({ kind: 'document', title: '说明', source: '调查组', collectedOn: '2025-09-02' }, { name: '说明.txt', type, content });
      expect(r.statusCode, JSON.stringify(type)).toBe(200);
      const { created, case: view } = r.json();
      expect(view.evidence.find((e: { id: string }) => e.id === created.id).file.mimeType).toBe('application/octet-stream');
      const d = await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${created.id}/file` });
      expect(d.statusCode, JSON.stringify(type)).toBe(200);
      expect(d.headers['content-type']).toBe('application/octet-stream');
      expect(d.rawPayload.equals(content)).toBe(true);
    }
    // a valid type is kept as sent
    const ok = await upload({ kind: 'document', title: '说明', source: '调查组', collectedOn: '2025-09-02' }, { name: '说明.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.7 x') });
    expect(ok.json().case.evidence.find((e: { id: string }) => e.id === ok.json().created.id).file.mimeType).toBe('application/pdf');
  });

  it('WC-9(2) evidence: a file stored before the check with a type that is no header value still downloads, as application/octet-stream', async () => {
    const content = Buffer.from('旧证据', 'utf8');
    const r = await upload({ kind: 'document', title: '旧证据', source: '调查组', collectedOn: '2025-09-02' }, { name: '旧.txt', type: 'text/plain', content });
    const id = r.json().created.id as string;
    await t.deps.db.kysely.updateTable('case_evidence').set({ mime_type: 'text/plain\u0001' }).where('id', '=', id).execute();
    const d = await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${caseId}/evidence/${id}/file` });
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toBe('application/octet-stream');
    expect(d.rawPayload.equals(content)).toBe(true);
  });
});
