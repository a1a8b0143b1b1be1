import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestDb, engines, openTestDb } from '../../../test/db';
import { ctxAs, makeCommission, makePerson, makePersonWithCertificate, makeUnit } from '../../../test/factories/registers';
import { verifyAuditChain } from '../../audit/audit-verify';
import { inTransaction } from '../../db/tx';
import { MemoryFileStore } from '../../files/file-store';
import { FixedClock } from '../../lib/clock';
import type { Ctx, Deps } from '../context';
import {
  certificateStatusOn,
  changeCertificateStatus,
  createCertificate,
  createPerson,
  deactivatePerson,
  findPersonByEmployeeNo,
  findUnitByShortCode,
  getCertificate,
  getCertificateRegisterForPeople,
  getPeopleByIds,
  getPerson,
  hasValidCertificateOn,
  listCertificates,
  listPeople,
  suspendCertificate,
  updateCertificate,
  updatePerson,
} from './index';

describe.each(engines)('people and enforcement certificates (%s)', (engine) => {
  let deps: Deps;
  let clerk: Ctx;
  beforeEach(async () => {
    // 2025-09-01 10:00 in China
    deps = { db: await openTestDb(engine), clock: new FixedClock('2025-09-01T02:00:00.000Z'), files: new MemoryFileStore() };
    clerk = ctxAs(deps, ['clerk']);
  });
  afterEach(async () => closeTestDb(deps.db));

  const count = async (table: 'people' | 'enforcement_certificates' | 'certificate_status_changes') =>
    (await deps.db.kysely.selectFrom(table).select('id').execute()).length;

  describe('people', () => {
    it('lists people with paging and filters by unit (with sub-units), name text and active', async () => {
      const commission = await makeCommission(clerk);
      const corps = await makeUnit(clerk, { name: '执法支队', kind: 'subordinate', parentId: commission.id });
      const brigade = await makeUnit(clerk, { name: '一大队', kind: 'subordinate', parentId: corps.id });
      const office = await makeUnit(clerk, { name: '办公室' });
      await makePerson(clerk, { name: '张伟', unitId: corps.id });
      await makePerson(clerk, { name: '王芳', unitId: brigade.id });
      const li = await makePerson(clerk, { name: '李伟', unitId: office.id, post: '主任' });
      await deactivatePerson(clerk, li.id);

      const byUnit = await listPeople(clerk, { unitId: corps.id });
      expect(byUnit.items.map((p) => p.name).sort()).toEqual(['张伟', '王芳']);
      expect(byUnit.items.find((p) => p.name === '王芳')?.unitName).toBe('一大队');
      expect((await listPeople(clerk, { unitId: corps.id, includeSubunits: 'false' })).items.map((p) => p.name)).toEqual(['张伟']);
      expect((await listPeople(clerk, { q: '伟' })).items.map((p) => p.name).sort()).toEqual(['张伟', '李伟']);
      expect((await listPeople(clerk, { q: '伟', active: 'true' })).items.map((p) => p.name)).toEqual(['张伟']);
      const page = await listPeople(clerk, { page: '2', pageSize: '2' });
      expect(page.total).toBe(3);
      expect(page.items).toHaveLength(1);
    });

    it('text search treats % and _ literally', async () => {
      await makePerson(clerk, { name: '张三', post: '100%_负责' });
      await makePerson(clerk, { name: '李四', post: '科员' });
      expect((await listPeople(clerk, { q: '%' })).items.map((p) => p.name)).toEqual(['张三']);
      expect((await listPeople(clerk, { q: '_' })).items.map((p) => p.name)).toEqual(['张三']);
    });

    it('validates contact details with bilingual field errors; an empty value clears a field', async () => {
      const unit = await makeUnit(clerk);
      const bad = await createPerson(clerk, { name: '赵六', unitId: unit.id, email: 'not-an-email', phone: 'abc' }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'VALIDATION_FAILED' });
      const fields = (bad as { details: { fields: { path: string; zh: string; en: string }[] } }).details.fields;
      expect(fields.map((f) => f.path).sort()).toEqual(['email', 'phone']);
      expect(fields.find((f) => f.path === 'phone')).toMatchObject({ zh: '「联系电话」：电话号码格式不正确。', en: '"Phone": Not a valid phone number.' });
      const p = await createPerson(clerk, { name: '赵六', unitId: unit.id, phone: '023-66221234', email: 'zhao@example.cn' });
      const cleared = await updatePerson(clerk, p.id, { email: '', version: p.version });
      expect(cleared).toMatchObject({ email: null, phone: '023-66221234' });
    });

    it('other services look people up by id (in request order) or employee number, and units by short code', async () => {
      const a = await makePerson(clerk, { name: '甲', employeeNo: 'E-A' });
      const b = await makePerson(clerk, { name: '乙' });
      expect((await getPeopleByIds(deps.db, [b.id, 'missing', a.id])).map((p) => p.name)).toEqual(['乙', '甲']);
      expect((await findPersonByEmployeeNo(deps.db, 'E-A'))?.id).toBe(a.id);
      expect(await findPersonByEmployeeNo(deps.db, 'E-none')).toBeNull();
      const unit = await makeUnit(clerk, { shortCode: 'jzk' });
      expect((await findUnitByShortCode(deps.db, ' jzk '))?.id).toBe(unit.id);
    });

    it('a person must belong to an existing, active unit; a duplicate employee number is 409 with nothing stored', async () => {
      const unit = await makeUnit(clerk);
      expect(await createPerson(clerk, { name: '钱七', unitId: 'nope' }).catch((e: unknown) => e)).toMatchObject({ code: 'VALIDATION_FAILED' });
      await createPerson(clerk, { name: '钱七', unitId: unit.id, employeeNo: 'E001' });
      const before = await count('people');
      const dup = await createPerson(clerk, { name: '孙八', unitId: unit.id, employeeNo: 'E001' }).catch((e: unknown) => e);
      expect(dup).toMatchObject({ code: 'CONFLICT_DUPLICATE', status: 409 });
      expect((dup as Error & { zh: string }).zh).toContain('E001');
      expect(await count('people')).toBe(before);
    });
  });

  describe('certificates', () => {
    it('a new certificate is valid; the person page shows it with its status today', async () => {
      const { person, certificate } = await makePersonWithCertificate(clerk);
      expect(certificate).toMatchObject({ status: 'valid', statusOn: 'valid', statusDate: '2025-09-01', history: [] });
      const detail = await getPerson(clerk, person.id);
      expect(detail.certificates.map((c) => c.number)).toEqual([certificate.number]);
    });

    it('records a history of status changes (from, to, effective date, reason, reference, actor) and answers the status on any date', async () => {
      const { person } = await makePerson(clerk).then((p) => ({ person: p }));
      const cert = await createCertificate(clerk, { number: '渝执2020000001', personId: person.id, issuingAuthority: '重庆市人民政府', validFrom: '2020-01-01', validTo: '2025-12-31' });
      await changeCertificateStatus(clerk, cert.id, { to: 'suspended', reason: '暂扣执法证三个月', reference: '巴住建问〔2024〕3号', effectiveDate: '2024-03-01' });
      const reinstated = await changeCertificateStatus(clerk, cert.id, { to: 'valid', reason: '暂扣期满，恢复执法资格', effectiveDate: '2024-06-01' });
      expect(reinstated.history.map((h) => [h.seq, h.fromStatus, h.toStatus, h.effectiveDate])).toEqual([
        [1, 'valid', 'suspended', '2024-03-01'],
        [2, 'suspended', 'valid', '2024-06-01'],
      ]);
      expect(reinstated.history[0]).toMatchObject({ reason: '暂扣执法证三个月', reference: '巴住建问〔2024〕3号', actorId: clerk.actor.userId });
      expect((await getCertificate(clerk, cert.id, { on: '2024-04-15' })).statusOn).toBe('suspended');
      expect((await getCertificate(clerk, cert.id, { on: '2024-06-01' })).statusOn).toBe('valid');
      expect((await getCertificate(clerk, cert.id, { on: '2026-01-01' })).statusOn).toBe('expired');
      expect((await getCertificate(clerk, cert.id, { on: '2019-12-31' })).statusOn).toBe('not_yet_valid');
    });

    it('revoked is final: no reinstatement, no suspension, nothing changed', async () => {
      const { certificate } = await makePersonWithCertificate(clerk);
      const revoked = await changeCertificateStatus(clerk, certificate.id, { to: 'revoked', reason: '调离执法岗位，注销执法证', effectiveDate: '2025-08-01' });
      expect(revoked.status).toBe('revoked');
      for (const to of ['valid', 'suspended', 'revoked'] as const) {
        const err = await changeCertificateStatus(clerk, certificate.id, { to, reason: '试图恢复', effectiveDate: '2025-08-20' }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', details: { from: 'revoked', to, allowed: [] } });
      }
      expect(await count('certificate_status_changes')).toBe(1);
    });

    it('two concurrent suspensions of one certificate: one is recorded, the other refused', async () => {
      const { certificate } = await makePersonWithCertificate(clerk);
      const change = (reason: string) => changeCertificateStatus(clerk, certificate.id, { to: 'suspended', reason, effectiveDate: '2025-08-01' });
      const results = await Promise.allSettled([change('甲案暂扣'), change('乙案暂扣')]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(['CONFLICT_STALE', 'TRANSITION_NOT_ALLOWED']).toContain((refused.reason as { code: string }).code);
      expect(await count('certificate_status_changes')).toBe(1);
    });

    it('a reinstatement needs a reason; changes must follow each other in date order and not precede validity', async () => {
      const { certificate } = await makePersonWithCertificate(clerk);
      // (registered before the suspension: none is registered while a certificate of the holder is suspended, WC-10(4))
      const early = await createCertificate(clerk, { number: 'N-EARLY', personId: certificate.personId, issuingAuthority: '重庆市人民政府', validFrom: '2025-01-01' });
      await changeCertificateStatus(clerk, certificate.id, { to: 'suspended', reason: '暂扣', effectiveDate: '2025-05-01' });
      const noReason = await changeCertificateStatus(clerk, certificate.id, { to: 'valid', reason: '  ', effectiveDate: '2025-06-01' }).catch((e: unknown) => e);
      expect(noReason).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ path: 'reason' })] } });
      const backdated = await changeCertificateStatus(clerk, certificate.id, { to: 'valid', reason: '恢复', effectiveDate: '2025-04-30' }).catch((e: unknown) => e);
      expect(backdated).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ path: 'effectiveDate' })] } });
      const twice = await changeCertificateStatus(clerk, certificate.id, { to: 'suspended', reason: '再次暂扣', effectiveDate: '2025-06-01' }).catch((e: unknown) => e);
      expect(twice).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
      const beforeValid = await changeCertificateStatus(clerk, early.id, { to: 'suspended', reason: '暂扣', effectiveDate: '2024-12-31' }).catch((e: unknown) => e);
      expect(beforeValid).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await count('certificate_status_changes')).toBe(1);
    });

    it('WC-10(4): suspendCertificate runs inside the calling service\'s transaction and rolls back with it', async () => {
      const { certificate } = await makePersonWithCertificate(clerk);
      const by = { actorId: 'u-case-clerk', now: '2025-09-01T02:00:00.000Z' };
      const boom = await inTransaction(deps.db, async (tx) => {
        await suspendCertificate(tx, by, certificate.id, { reason: '暂停执法', reference: '巴住建问决〔2025〕1号', effectiveDate: '2025-09-02', caseId: 'CASE1' });
        throw new Error('the case step failed after the suspension');
      }).catch((e: unknown) => e);
      expect(boom).toBeInstanceOf(Error);
      expect((await getCertificate(clerk, certificate.id)).status).toBe('valid');
      expect(await count('certificate_status_changes')).toBe(0);

      const done = await inTransaction(deps.db, (tx) =>
        suspendCertificate(tx, by, certificate.id, { reason: '暂停执法（暂扣行政执法证）', reference: '巴住建问决〔2025〕1号', effectiveDate: '2025-09-02', caseId: 'CASE1' }),
      );
      expect(done.change).toMatchObject({ fromStatus: 'valid', toStatus: 'suspended', caseId: 'CASE1', actorId: 'u-case-clerk' });
      // recorded now, effective tomorrow: still valid today
      expect(done.certificate).toMatchObject({ status: 'suspended', statusOn: 'valid' });
      const audit = await deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'certificate.suspend').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: 'u-case-clerk', entity_id: certificate.id });
    });

    it('getCertificateRegisterForPeople returns, per person in request order, every certificate with history — enough to check WC-6(2) on a conduct date', async () => {
      const a = await makePersonWithCertificate(clerk);
      const b = await makePerson(clerk);
      await changeCertificateStatus(clerk, a.certificate.id, { to: 'suspended', reason: '暂扣', effectiveDate: '2025-03-01' });
      const reg = await getCertificateRegisterForPeople(deps.db, [b.id, a.person.id, 'unknown', a.person.id]);
      expect(reg.map((r) => [r.personId, r.personName, r.certificates.length])).toEqual([
        [b.id, b.name, 0],
        [a.person.id, a.person.name, 1],
        ['unknown', null, 0],
      ]);
      const certs = reg[1]!.certificates;
      expect(certs[0]!.history).toHaveLength(1);
      expect(hasValidCertificateOn(certs, '2025-02-28')).toBe(true);
      expect(hasValidCertificateOn(certs, '2025-03-01')).toBe(false);
      expect(certificateStatusOn(certs[0]!, certs[0]!.history, '2025-03-01')).toBe('suspended');
      // also usable inside a transaction (on SQLite the Tx must be passed)
      const inTx = await inTransaction(deps.db, (tx) => getCertificateRegisterForPeople(tx, [a.person.id]));
      expect(inTx[0]!.certificates[0]!.number).toBe(a.certificate.number);
    });

    it('a duplicate certificate number is 409 CONFLICT_DUPLICATE with nothing stored, on create and on correction', async () => {
      const { person, certificate } = await makePersonWithCertificate(clerk);
      const before = await count('enforcement_certificates');
      const auditBefore = (await deps.db.kysely.selectFrom('audit_log').select('seq').execute()).length;
      const dup = await createCertificate(clerk, { number: certificate.number, personId: person.id, issuingAuthority: 'x', validFrom: '2024-01-01' }).catch((e: unknown) => e);
      expect(dup).toMatchObject({ code: 'CONFLICT_DUPLICATE', status: 409 });
      expect(await count('enforcement_certificates')).toBe(before);
      const other = await createCertificate(clerk, { number: 'OTHER-1', personId: person.id, issuingAuthority: 'x', validFrom: '2024-01-01' });
      const fix = await updateCertificate(clerk, other.id, { number: certificate.number }).catch((e: unknown) => e);
      expect(fix).toMatchObject({ code: 'CONFLICT_DUPLICATE' });
      expect((await getCertificate(clerk, other.id)).number).toBe('OTHER-1');
      expect((await deps.db.kysely.selectFrom('audit_log').select('seq').execute()).length).toBe(auditBefore + 1);
    });

    it('validity: validTo before validFrom is refused; corrections are audited with before and after', async () => {
      const { person, certificate } = await makePersonWithCertificate(clerk);
      const bad = await createCertificate(clerk, { number: 'X-1', personId: person.id, issuingAuthority: 'x', validFrom: '2024-01-01', validTo: '2023-12-31' }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ path: 'validTo', zh: '「有效期至」：有效期止不得早于有效期起。' })] } });
      const badDate = await createCertificate(clerk, { number: 'X-1', personId: person.id, issuingAuthority: 'x', validFrom: '2023-02-30' }).catch((e: unknown) => e);
      expect(badDate).toMatchObject({ code: 'VALIDATION_FAILED' });
      const badUpdate = await updateCertificate(clerk, certificate.id, { validTo: '2000-01-01' }).catch((e: unknown) => e);
      expect(badUpdate).toMatchObject({ code: 'VALIDATION_FAILED' });
      const renewed = await updateCertificate(clerk, certificate.id, { validTo: '2031-12-31', version: certificate.version });
      expect(renewed.validTo).toBe('2031-12-31');
      const row = await deps.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'certificate.update').executeTakeFirstOrThrow();
      expect(JSON.parse(row.before_json!).validTo).toBe(certificate.validTo);
      expect(JSON.parse(row.after_json!).validTo).toBe('2031-12-31');
    });

    it('lists certificates with filters (holder, status, text on number or holder name) and paging', async () => {
      const a = await makePersonWithCertificate(clerk, { person: { name: '周杰' }, certificate: { number: '渝执-A-001' } });
      const b = await makePersonWithCertificate(clerk, { person: { name: '吴敏' }, certificate: { number: '渝执-B-002' } });
      await changeCertificateStatus(clerk, b.certificate.id, { to: 'suspended', reason: '暂扣', effectiveDate: '2025-08-01' });
      expect((await listCertificates(clerk, { status: 'suspended' })).items.map((c) => c.number)).toEqual(['渝执-B-002']);
      expect((await listCertificates(clerk, { q: '周' })).items.map((c) => c.number)).toEqual(['渝执-A-001']);
      expect((await listCertificates(clerk, { q: 'b-00' })).items.map((c) => c.personName)).toEqual(['吴敏']);
      expect((await listCertificates(clerk, { personId: a.person.id })).total).toBe(1);
      const page = await listCertificates(clerk, { pageSize: '1', page: '2' });
      expect(page).toMatchObject({ total: 2, items: [expect.objectContaining({ number: '渝执-B-002', statusOn: 'suspended' })] });
    });

    it('investigators and subjects cannot write people or certificates; the chain still verifies after all writes', async () => {
      const { person, certificate } = await makePersonWithCertificate(clerk);
      for (const role of ['investigator', 'subject'] as const) {
        const ctx = ctxAs(deps, [role]);
        expect(await createPerson(ctx, { name: '某人', unitId: person.unitId }).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
        expect(await updatePerson(ctx, person.id, { name: '改名' }).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
        expect(await changeCertificateStatus(ctx, certificate.id, { to: 'revoked', reason: 'x', effectiveDate: '2025-08-01' }).catch((e: unknown) => e)).toMatchObject({
          code: 'FORBIDDEN',
        });
      }
      expect(await getPerson(ctxAs(deps, ['subject']), person.id).catch((e: unknown) => e)).toMatchObject({ code: 'FORBIDDEN' });
      expect((await getPerson(ctxAs(deps, ['investigator']), person.id)).name).toBe(person.name);
      expect((await getCertificate(clerk, certificate.id)).status).toBe('valid');
      const actions = (await deps.db.kysely.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
      expect(actions).toEqual(['unit.create', 'unit.create', 'person.create', 'certificate.create']);
      expect((await verifyAuditChain(deps.db)).ok).toBe(true);
    });
  });
});
