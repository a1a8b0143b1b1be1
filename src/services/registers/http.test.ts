// The registers over HTTP (src/server/routes/registers.ts): status codes, coded bilingual errors,
// nothing stored on refusal, roles, and the OpenAPI document.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeOriginalCase, makePersonWithCertificate } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';

describe.each(engines)('registers HTTP API (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(engine);
    await t.addUser('clerk1', ['clerk']);
    await t.addUser('inv1', ['investigator']);
    await t.addUser('subj1', ['subject']);
  });
  afterEach(async () => t.close());

  const post = (user: string, url: string, payload: unknown) => t.as(user, { method: 'POST', url, payload: payload as object });
  const get = (user: string | null, url: string) => t.as(user, { method: 'GET', url });

  async function unitTree(): Promise<{ commissionId: string; sectionId: string }> {
    // (the accounts' holders are in the factories' commission, BNZJW: this tree is a second one)
    const c = await post('clerk1', '/api/v1/units', { name: '重庆市巴南区交通委员会', shortCode: 'BNJTW', kind: 'commission' });
    expect(c.statusCode).toBe(201);
    const s = await post('clerk1', '/api/v1/units', { name: '法制科', shortCode: 'FZK', kind: 'section', parentId: c.json().id });
    expect(s.statusCode).toBe(201);
    return { commissionId: c.json().id, sectionId: s.json().id };
  }

  it('units: create, tree, move refusing a cycle (422 naming the reason in both languages)', async () => {
    const { commissionId, sectionId } = await unitTree();
    const sub = await post('clerk1', '/api/v1/units', { name: '法制审核组', shortCode: 'FZK-1', kind: 'section', parentId: sectionId });
    const tree = await get('inv1', '/api/v1/units');
    expect(tree.statusCode).toBe(200);
    expect((tree.json().items as { id: string }[]).find((u) => u.id === commissionId)).toMatchObject({ id: commissionId, children: [{ id: sectionId, children: [{ id: sub.json().id, children: [] }] }] });
    const cycle = await post('clerk1', `/api/v1/units/${sectionId}/move`, { parentId: sub.json().id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error).toMatchObject({ code: 'PRECONDITION_FAILED', messageZh: expect.stringContaining('循环'), messageEn: expect.stringContaining('cycle') });
    const deactivate = await t.as('clerk1', { method: 'POST', url: `/api/v1/units/${sub.json().id}/deactivate` });
    expect(deactivate.statusCode).toBe(200);
    expect(deactivate.json().active).toBe(false);
    expect((await get('clerk1', '/api/v1/units/nope')).statusCode).toBe(404);
  });

  it('people and certificates: create, list page, person with certificates, status change, status on a date', async () => {
    const { sectionId } = await unitTree();
    const p = await post('clerk1', '/api/v1/people', { name: '张伟', unitId: sectionId, post: '科员', employeeNo: 'E100', phone: '023-66220000' });
    expect(p.statusCode).toBe(201);
    const c = await post('clerk1', '/api/v1/certificates', { number: '渝执00100', personId: p.json().id, issuingAuthority: '重庆市人民政府', validFrom: '2021-01-01', validTo: '2026-12-31' });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ status: 'valid', statusOn: 'valid', statusDate: '2025-09-01', history: [] });
    const s = await post('clerk1', `/api/v1/certificates/${c.json().id}/status`, { to: 'suspended', reason: '暂扣', reference: '巴住建问决〔2025〕1号', effectiveDate: '2025-08-01' });
    expect(s.statusCode).toBe(200);
    expect(s.json().history).toHaveLength(1);
    expect((await get('clerk1', `/api/v1/certificates/${c.json().id}?on=2025-07-31`)).json().statusOn).toBe('valid');
    const person = await get('inv1', `/api/v1/people/${p.json().id}`);
    expect(person.json().certificates[0]).toMatchObject({ number: '渝执00100', statusOn: 'suspended' });
    const list = await get('clerk1', `/api/v1/people?unitId=${sectionId}&q=张&page=1&pageSize=10`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ name: '张伟', unitName: '法制科' }] });
    const revoke = await post('clerk1', `/api/v1/certificates/${c.json().id}/status`, { to: 'revoked', reason: '吊销', effectiveDate: '2025-08-15' });
    expect(revoke.statusCode).toBe(200);
    const again = await post('clerk1', `/api/v1/certificates/${c.json().id}/status`, { to: 'valid', reason: '恢复', effectiveDate: '2025-08-20' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('WC-10(4): a status change typed by hand is not dated ahead (a far-future date would freeze the certificate against a later sanction) and names only an existing case of the organisation', async () => {
    const { sectionId } = await unitTree();
    const p = await post('clerk1', '/api/v1/people', { name: '李强', unitId: sectionId, post: '科员' });
    const c = await post('clerk1', '/api/v1/certificates', { number: '渝执00200', personId: p.json().id, issuingAuthority: '重庆市人民政府', validFrom: '2021-01-01' });
    const ahead = await post('clerk1', `/api/v1/certificates/${c.json().id}/status`, { to: 'suspended', reason: '暂扣', effectiveDate: '2099-01-01' });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error.messageZh).toContain('生效日期不得晚于今天');
    const noCase = await post('clerk1', `/api/v1/certificates/${c.json().id}/status`, { to: 'suspended', reason: '暂扣', effectiveDate: '2025-08-01', caseId: 'NO-SUCH-CASE' });
    expect(noCase.statusCode).toBe(400);
    expect(noCase.json().error.messageZh).toContain('无此问责案件');
    expect((await get('clerk1', `/api/v1/certificates/${c.json().id}`)).json()).toMatchObject({ status: 'valid', history: [] });
  });

  it('bad input is a 400 VALIDATION_FAILED naming each field in Chinese and English', async () => {
    const r = await post('clerk1', '/api/v1/certificates', { number: '', personId: 'x', issuingAuthority: 'y', validFrom: '2025-02-30' });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['number', 'validFrom']);
    expect(e.messageZh).toMatch(/[\u4e00-\u9fa5]/);
    const q = await get('clerk1', '/api/v1/original-cases?kind=fine&pageSize=0');
    expect(q.statusCode).toBe(400);
    expect(q.json().error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(['kind', 'pageSize']);
  });

  it('duplicates: certificate number and case number → 409 CONFLICT_DUPLICATE, nothing stored', async () => {
    const fx = await makeOriginalCase(t.deps);
    const { person, certificate } = await makePersonWithCertificate(t.deps);
    const certs = await t.deps.db.kysely.selectFrom('enforcement_certificates').select('id').execute();
    const dupCert = await post('clerk1', '/api/v1/certificates', { number: certificate.number, personId: person.id, issuingAuthority: 'x', validFrom: '2024-01-01' });
    expect(dupCert.statusCode).toBe(409);
    expect(dupCert.json().error).toMatchObject({ code: 'CONFLICT_DUPLICATE', messageZh: expect.stringContaining(certificate.number) });
    expect(await t.deps.db.kysely.selectFrom('enforcement_certificates').select('id').execute()).toHaveLength(certs.length);

    const c = fx.originalCase;
    const dupCase = await post('clerk1', '/api/v1/original-cases', {
      number: c.number,
      kind: 'licence',
      title: '另一个案件',
      unitId: c.unitId,
      decisionDate: '2025-05-01',
      counterpart: { name: '某人', type: 'person' },
      handlers: [{ personId: fx.handler.id }],
    });
    expect(dupCase.statusCode).toBe(409);
    expect(dupCase.json().error.code).toBe('CONFLICT_DUPLICATE');
    const cases = await t.deps.db.kysely.selectFrom('original_cases').select(['id', 'title']).execute();
    expect(cases).toEqual([{ id: c.id, title: c.title }]);
  });

  it('original cases: full record over HTTP, WC-5 outcome and compensation; list filters', async () => {
    const fx = await makeOriginalCase(t.deps);
    const id = fx.originalCase.id;
    const full = await get('inv1', `/api/v1/original-cases/${id}`);
    expect(full.statusCode).toBe(200);
    expect(full.json().approvers.map((a: { level: number; final: boolean }) => [a.level, a.final])).toEqual([
      [1, false],
      [2, true],
    ]);
    const o = await post('clerk1', `/api/v1/original-cases/${id}/outcomes`, { source: 'WC-5(4)', effect: 'ordered_redo', issuer: '重庆市第五中级人民法院', referenceNo: '(2025)渝05行终9号', referenceDate: '2025-08-30' });
    expect(o.statusCode).toBe(201);
    const m = await post('clerk1', `/api/v1/original-cases/${id}/compensations`, { amountFen: 500000, paidDate: '2025-08-31', decisionNo: '巴住建赔〔2025〕3号' });
    expect(m.statusCode).toBe(201);
    expect(m.json()).toMatchObject({ wrong: true, compensationTotalFen: 500000 });
    const list = await get('clerk1', `/api/v1/original-cases?wrong=true&year=${fx.originalCase.decisionDate.slice(0, 4)}&q=${encodeURIComponent('施工许可')}`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id, wrong: true }] });
    const involvement = await get('clerk1', `/api/v1/people/${fx.handler.id}/original-cases`);
    expect(involvement.json().items).toEqual([expect.objectContaining({ caseId: id, roles: ['handler'] })]);
  });

  it('a subject or investigator cannot write registers (403, nothing stored); a subject cannot read them; anonymous gets 401', async () => {
    const { sectionId } = await unitTree();
    for (const user of ['inv1', 'subj1']) {
      const r = await post(user, '/api/v1/people', { name: '冒名', unitId: sectionId });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
      expect((await post(user, '/api/v1/units', { name: 'x', shortCode: 'X', kind: 'section', parentId: sectionId })).statusCode).toBe(403);
    }
    // none but the test accounts' own holders (FL-5(1))
    expect((await t.deps.db.kysely.selectFrom('people').select('name').execute()).map((p) => p.name).sort()).toEqual(['clerk1', 'inv1']);
    expect((await get('subj1', '/api/v1/people')).statusCode).toBe(403);
    expect((await get('subj1', '/api/v1/original-cases')).statusCode).toBe(403);
    expect((await get(null, '/api/v1/units')).statusCode).toBe(401);
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true);
  });

  it('the OpenAPI document lists every register route with request and response schemas', async () => {
    const spec = (await get(null, '/openapi.json')).json();
    const paths = Object.keys(spec.paths);
    for (const p of [
      '/api/v1/units',
      '/api/v1/units/{id}/move',
      '/api/v1/people',
      '/api/v1/people/{id}',
      '/api/v1/certificates/{id}/status',
      '/api/v1/original-cases',
      '/api/v1/original-cases/{id}/outcomes',
      '/api/v1/original-cases/{id}/compensations',
    ]) {
      expect(paths).toContain(p);
    }
    const create = spec.paths['/api/v1/original-cases'].post;
    expect(create.requestBody.content['application/json'].schema).toBeDefined();
    expect(create.responses['201']).toBeDefined();
    expect(create.responses['409']).toBeDefined();
    // self-contained: the register routes refer to no schema the document does not define
    const ours = paths.filter((p) => /^\/api\/v1\/(units|people|certificates|original-cases|registers)\b/.test(p));
    expect(ours.length).toBeGreaterThanOrEqual(14);
    const refs = JSON.stringify(ours.map((p) => spec.paths[p])).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(spec.components?.schemas?.[ref.split('/').pop()!.replace('"', '')], ref).toBeDefined();
    const labels = (await get('inv1', '/api/v1/registers/labels')).json();
    expect(labels.wc5Sources['WC-5(5)'].zh).toBe('给予行政赔偿的案件');
    expect(labels.certificateTransitions.revoked).toEqual([]);
  });
});
