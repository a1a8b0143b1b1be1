// 等保2.0 安全审计: reads of cases, documents and evidence are audited with their source address;
// the 安全审计员 (permission audit.read) filters the trail, exports it to Excel and runs the
// chain verification from the page; nobody else reaches those routes.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, versionOf, type CaseWorld } from '../../../test/factories/cases';
import { makeDecidedCase } from '../../../test/factories/documents';
import { verifyAuditChain } from '../../audit/audit-verify';
import { PERMISSIONS, ROLES, type Role } from '../../policies/roles';

/** Whichever role holds audit.read (the 安全审计员 after 三员分立). */
const AUDITOR_ROLE = ROLES.find((r) => (PERMISSIONS['audit.read'] as readonly Role[]).includes(r))!;

function multipart(fields: Record<string, string | number>, file: { name: string; type: string; content: Buffer }) {
  const boundary = '----wenze-audit-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(engines)('安全审计: reads are audited with the source address (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  const rowsFor = (caseId: string, action: string) =>
    t.deps.db.kysely.selectFrom('audit_log').selectAll().where('entity_type', '=', 'case').where('entity_id', '=', caseId).where('action', '=', action).orderBy('seq').execute();

  it('安全审计: viewing a case, its timeline and its findings each append a record naming the reader and their address', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    for (const url of [`/api/v1/cases/${c.caseId}`, `/api/v1/cases/${c.caseId}/timeline`, `/api/v1/cases/${c.caseId}/findings`]) {
      expect((await t.as('clerk', { method: 'GET', url, remoteAddress: '10.20.30.40' })).statusCode, url).toBe(200);
    }
    for (const action of ['case.read', 'case.timeline.read', 'case.findings.read']) {
      const rows = await rowsFor(c.caseId, action);
      expect(rows, action).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_id: t.userIds.clerk, source_ip: '10.20.30.40' });
    }
    // routine reads stay off the case timeline
    const timeline = (await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}/timeline` })).json().items as { action: string }[];
    expect(timeline.map((i) => i.action)).not.toContain('case.read');
    // a refused read writes nothing
    const before = (await rowsFor(c.caseId, 'case.read')).length;
    expect((await t.as('subject', { method: 'GET', url: `/api/v1/cases/${c.caseId}/findings` })).statusCode).toBe(404);
    expect(await rowsFor(c.caseId, 'case.findings.read')).toHaveLength(1);
    expect(await rowsFor(c.caseId, 'case.read')).toHaveLength(before);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('安全审计: reading and downloading a document (DOCX and PDF) is audited with the source address', async () => {
    const c = await makeDecidedCase(w);
    const doc = (await t.as('clerk', { method: 'POST', url: `/api/v1/cases/${c.caseId}/documents`, payload: { kind: 'decision_notice', subjectId: w.fx.handler.id } })).json();
    expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}`, remoteAddress: '10.0.0.7' })).statusCode).toBe(200);
    for (const f of ['1.docx', '1.pdf']) expect((await t.as('clerk', { method: 'GET', url: `/api/v1/documents/${doc.id}/versions/${f}`, remoteAddress: '10.0.0.7' })).statusCode).toBe(200);
    const reads = await rowsFor(c.caseId, 'case.document.read');
    expect(reads.map((r) => r.source_ip)).toEqual(['10.0.0.7']);
    const downloads = await rowsFor(c.caseId, 'case.document.download');
    expect(downloads.map((r) => [r.source_ip, JSON.parse(r.after_json!).format])).toEqual([
      ['10.0.0.7', 'docx'],
      ['10.0.0.7', 'pdf'],
    ]);
    expect(downloads.every((r) => r.actor_id === t.userIds.clerk)).toBe(true);
  });

  it('安全审计: uploading evidence (a write) and downloading it (a read) both carry the source address', async () => {
    const c = await makeCase(w, { to: 'investigating' });
    const m = multipart(
      { expectedVersion: await versionOf(w, c.caseId), kind: 'interview_record', title: '询问笔录', source: '调查组询问', collectedOn: '2025-09-01' },
      { name: 'note.txt', type: 'text/plain', content: Buffer.from('询问笔录内容') },
    );
    const up = await t.as('investigator', { method: 'POST', url: `/api/v1/cases/${c.caseId}/evidence`, payload: m.payload, headers: m.headers, remoteAddress: '192.168.5.5' });
    expect(up.statusCode).toBe(200);
    const evId = up.json().created.id as string;
    const write = await t.deps.db.kysely.selectFrom('audit_log').select(['source_ip', 'action']).where('entity_id', '=', c.caseId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(write).toEqual({ source_ip: '192.168.5.5', action: 'case.record_evidence' });
    expect((await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${c.caseId}/evidence/${evId}/file`, remoteAddress: '192.168.5.6' })).statusCode).toBe(200);
    expect((await t.as('investigator', { method: 'GET', url: `/api/v1/cases/${c.caseId}/evidence/${evId}/text`, remoteAddress: '192.168.5.6' })).statusCode).toBe(200);
    expect((await rowsFor(c.caseId, 'case.evidence.download')).map((r) => [r.actor_id, r.source_ip])).toEqual([[t.userIds.investigator, '192.168.5.6']]);
    expect((await rowsFor(c.caseId, 'case.evidence.read')).map((r) => r.source_ip)).toEqual(['192.168.5.6']);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });
});

describe.each(engines)('安全审计: the audit viewer of the 安全审计员 (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
    await t.addUser('auditor1', [AUDITOR_ROLE]);
  });
  afterEach(async () => t.close());

  it('访问控制: only audit.read reaches the audit routes; everyone else gets 403 and nothing is recorded', async () => {
    const users = ['clerk', 'leader', 'decider', 'investigator', 'subject'];
    for (const u of users) {
      for (const req of [
        { method: 'GET' as const, url: '/api/v1/audit' },
        { method: 'GET' as const, url: '/api/v1/audit/export.xlsx' },
        { method: 'POST' as const, url: '/api/v1/audit/verify' },
      ]) {
        const r = await t.as(u, req);
        expect(r.statusCode, `${u} ${req.method} ${req.url}`).toBe(403);
        expect(r.json().error.code).toBe('FORBIDDEN');
      }
    }
    expect(await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', 'like', 'audit.%').execute()).toEqual([]);
    expect((await t.as(null, { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it('安全审计: the auditor filters by person, action, case and date (newest first), sees no case content, and the look itself is audited', async () => {
    const a = await makeCase(w, { to: 'accepted' });
    const b = await makeCase(w, { to: 'accepted' });
    await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${a.caseId}`, remoteAddress: '10.9.9.9' });
    // 2025-08-31 23:00 in China: the date filters are China calendar dates
    t.clock.set('2025-08-31T15:00:00.000Z');
    await t.as('leader', { method: 'GET', url: `/api/v1/cases/${b.caseId}`, remoteAddress: '10.9.9.8' });
    t.clock.set('2025-09-01T03:00:00.000Z');
    // an hour later the auditor's earlier session has been idle past 30 minutes (身份鉴别): they sign in again
    t.tokens.auditor1 = await t.signIn('auditor1');
    const list = (q: string) => t.as('auditor1', { method: 'GET', url: `/api/v1/audit?${q}`, remoteAddress: '10.1.1.1' });

    const byCase = await list(`caseId=${a.caseId}`);
    expect(byCase.statusCode).toBe(200);
    const items = byCase.json().items as { seq: number; entityId: string; action: string; after: unknown; sourceIp: string | null }[];
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((i) => i.entityId === a.caseId)).toBe(true);
    expect(items.map((i) => i.seq)).toEqual([...items.map((i) => i.seq)].sort((x, y) => y - x));
    expect(items[0]).toMatchObject({ action: 'case.read', sourceIp: '10.9.9.9' });
    // no case content for an administrator: the payloads of case records are withheld
    expect(items.every((i) => i.after === null)).toBe(true);
    expect(byCase.body).not.toContain('"data"');

    const byPerson = (await list('actor=leader&action=case.read')).json();
    expect(byPerson.items.map((i: { entityId: string; actorUsername: string }) => [i.entityId, i.actorUsername])).toEqual([[b.caseId, 'leader']]);
    expect(byPerson.total).toBe(1);
    const byPrefix = (await list(`action=case&caseId=${b.caseId}`)).json().items as { action: string }[];
    expect(byPrefix.length).toBeGreaterThan(1);
    expect(byPrefix.every((i) => i.action.startsWith('case.'))).toBe(true);
    // dates are China calendar dates, inclusive
    const onFirst = (await list('from=2025-09-01&to=2025-09-01&action=case.read')).json();
    expect(onFirst.items.map((i: { entityId: string }) => i.entityId)).toEqual([a.caseId]);
    expect((await list('to=2025-08-31&action=case.read')).json().items.map((i: { entityId: string }) => i.entityId)).toEqual([b.caseId]);
    expect((await list('from=2025-09-02')).json().total).toBe(0);
    const paged = (await list('pageSize=1&page=2&action=case.read')).json();
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.items[0].entityId).toBe(a.caseId);
    expect((await list('from=2025-13-40')).statusCode).toBe(400);

    const looks = await t.deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'audit.read').orderBy('seq').execute();
    expect(looks.length).toBe(7); // the refused (400) query is not a look
    expect(looks[0]).toMatchObject({ actor_id: t.userIds.auditor1, source_ip: '10.1.1.1' });
    expect(JSON.parse(looks[0]!.after_json!).filters).toEqual({ caseId: a.caseId });
  });

  it('安全审计: the Excel export holds the filtered records with their source address (read back with exceljs), and is audited', async () => {
    const c = await makeCase(w, { to: 'accepted' });
    await t.as('clerk', { method: 'GET', url: `/api/v1/cases/${c.caseId}`, remoteAddress: '172.16.0.3' });
    const r = await t.as('auditor1', { method: 'GET', url: `/api/v1/audit/export.xlsx?caseId=${c.caseId}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toContain('来源地址 Source address');
    const col = (name: string) => header.indexOf(name) + 1;
    const rows: { action: string; entity: string; ip: string }[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push({ action: String(row.getCell(col('操作 Action')).value), entity: String(row.getCell(col('对象 Entity')).value), ip: String(row.getCell(col('来源地址 Source address')).value ?? '') });
    });
    const total = (await t.as('auditor1', { method: 'GET', url: `/api/v1/audit?caseId=${c.caseId}` })).json().total;
    expect(rows.length).toBe(total);
    expect(rows.every((x) => x.entity === c.caseId)).toBe(true);
    expect(rows[0]).toEqual({ action: 'case.read', entity: c.caseId, ip: '172.16.0.3' });
    const exp = await t.deps.db.kysely.selectFrom('audit_log').select(['actor_id', 'after_json']).where('action', '=', 'audit.export').executeTakeFirstOrThrow();
    expect(exp.actor_id).toBe(t.userIds.auditor1);
    expect(JSON.parse(exp.after_json!)).toMatchObject({ rows: total });
  });

  it('安全审计: “verify chain” from the page reports an intact chain, then names the first record after a row was tampered with', async () => {
    await makeCase(w, { to: 'accepted' });
    const ok = await t.as('auditor1', { method: 'POST', url: '/api/v1/audit/verify' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true });
    const target = await t.deps.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'case.intake').executeTakeFirstOrThrow();
    await t.deps.db.kysely.updateTable('audit_log').set({ source_ip: '6.6.6.6' }).where('seq', '=', target.seq).execute();
    const bad = await t.as('auditor1', { method: 'POST', url: '/api/v1/audit/verify' });
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ ok: false, firstBroken: { seq: Number(target.seq), reason: 'hash' } });
    expect(bad.json().firstBroken.zh).toContain('被改动');
    const runs = await t.deps.db.kysely.selectFrom('audit_log').select('after_json').where('action', '=', 'audit.verify').orderBy('seq').execute();
    expect(runs.map((r) => JSON.parse(r.after_json!).ok)).toEqual([true, false]);
  });
});
