// The registers over HTTP: units (tree), people, enforcement certificates with status history,
// original enforcement cases with participants, WC-5 outcome events and compensation.
// Reads need registers.read, writes registers.write (the services check). Each handler parses
// nothing itself: zod validates, one service call, the response schema serializes.
import { z } from 'zod';
import * as reg from '../../services/registers';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const tags = ['registers'];
const idParams = z.object({ id: reg.idSchema });

/** The error body every 4xx carries (see src/errors.ts). */
const errorOut = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageZh: z.string(), messageEn: z.string(), details: z.unknown().optional() }),
});
const readErrors = { 400: errorOut, 401: errorOut, 403: errorOut, 404: errorOut };
const writeErrors = { ...readErrors, 409: errorOut, 422: errorOut };

const labelOut = z.object({ zh: z.string(), en: z.string() });
const labelsOut = z.object({
  unitKinds: z.record(z.string(), labelOut),
  certificateStatuses: z.record(z.string(), labelOut),
  certificateTransitions: z.record(z.string(), z.array(z.string())),
  originalCaseKinds: z.record(z.string(), labelOut),
  deliberationOpinions: z.record(z.string(), labelOut),
  participantRoles: z.record(z.string(), labelOut),
  wc5Sources: z.record(z.string(), labelOut),
  outcomeEffects: z.record(z.string(), labelOut),
  outcomeEffectsBySource: z.record(z.string(), z.array(z.string())),
});

const copyLists = (r: Readonly<Partial<Record<string, readonly string[]>>>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...(v ?? [])]]));

export const registersRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/registers/labels',
    { schema: { tags, summary: '登记簿的选项与中英文名称 / Register options and their labels', response: { 200: labelsOut, ...readErrors } } },
    async (req) => {
      ctxOf(req, deps);
      return {
        unitKinds: reg.UNIT_KIND_LABELS,
        certificateStatuses: reg.CERTIFICATE_STATUS_LABELS,
        certificateTransitions: copyLists(reg.CERTIFICATE_TRANSITIONS),
        originalCaseKinds: reg.ORIGINAL_CASE_KIND_LABELS,
        deliberationOpinions: reg.DELIBERATION_OPINION_LABELS,
        participantRoles: reg.PARTICIPANT_ROLE_LABELS,
        wc5Sources: reg.WC5_SOURCE_LABELS,
        outcomeEffects: reg.OUTCOME_EFFECT_LABELS,
        outcomeEffectsBySource: copyLists(reg.OUTCOME_EFFECTS_BY_SOURCE),
      };
    },
  );

  // ---------- units ----------

  app.get(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: '单位树（委属各单位、机关各科室） / Units as a tree',
        description: '默认不含已停用单位及其下级；includeInactive=true 时全部列出。 / Inactive units (and everything below them) are left out unless includeInactive=true.',
        querystring: reg.unitTreeQuerySchema,
        response: { 200: z.object({ items: z.array(reg.unitNodeOut) }), ...readErrors },
      },
    },
    async (req) => ({ items: await reg.listUnitTree(ctxOf(req, deps), req.query) }),
  );

  app.post(
    '/api/v1/units',
    { schema: { tags, summary: '新建单位 / Create a unit', body: reg.unitCreateSchema, response: { 201: reg.unitOut, ...writeErrors } } },
    async (req, reply) => reply.status(201).send(await reg.createUnit(ctxOf(req, deps), req.body)),
  );

  app.get(
    '/api/v1/units/:id',
    { schema: { tags, summary: '单位 / A unit', params: idParams, response: { 200: reg.unitOut, ...readErrors } } },
    async (req) => reg.getUnit(ctxOf(req, deps), req.params.id),
  );

  app.patch(
    '/api/v1/units/:id',
    {
      schema: { tags, summary: '修改单位名称、简码、类型、排序 / Rename or edit a unit', params: idParams, body: reg.unitUpdateSchema, response: { 200: reg.unitOut, ...writeErrors } },
    },
    async (req) => reg.updateUnit(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/v1/units/:id/move',
    {
      schema: {
        tags,
        summary: '调整上级单位 / Move a unit under another parent',
        description: '不能移到自身或其下级单位之下。 / Refused when the new parent is the unit itself or one of its sub-units.',
        params: idParams,
        body: reg.unitMoveSchema,
        response: { 200: reg.unitOut, ...writeErrors },
      },
    },
    async (req) => reg.moveUnit(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/v1/units/:id/deactivate',
    {
      schema: {
        tags,
        summary: '停用单位（不删除） / Deactivate a unit (never deleted)',
        description: '仍有在用下级单位或在职人员时不能停用。 / Refused while it has active sub-units or active people.',
        params: idParams,
        body: reg.versionOnlySchema.nullish(),
        response: { 200: reg.unitOut, ...writeErrors },
      },
    },
    async (req) => reg.deactivateUnit(ctxOf(req, deps), req.params.id, req.body ?? {}),
  );

  app.post(
    '/api/v1/units/:id/reactivate',
    { schema: { tags, summary: '重新启用单位 / Reactivate a unit', params: idParams, body: reg.versionOnlySchema.nullish(), response: { 200: reg.unitOut, ...writeErrors } } },
    async (req) => reg.reactivateUnit(ctxOf(req, deps), req.params.id, req.body ?? {}),
  );

  // ---------- people ----------

  app.get(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: '人员列表 / People',
        description: 'unitId 默认含下级单位（includeSubunits=false 仅本单位）；q 匹配姓名、工号、职务。 / unitId includes sub-units unless includeSubunits=false; q matches name, employee no. or post.',
        querystring: reg.peopleQuerySchema,
        response: { 200: reg.pageOf(reg.personOut), ...readErrors },
      },
    },
    async (req) => reg.listPeople(ctxOf(req, deps), req.query),
  );

  app.post(
    '/api/v1/people',
    {
      schema: {
        tags,
        summary: '新增人员 / Add a person',
        description:
          '姓名只能使用汉字、拉丁字母、间隔号（·）和空格（VALIDATION_FAILED，指明不能使用的字符）。同一单位已有同名人员（忽略空格、不可见字符、全角半角、繁简、大小写）的，除非两人均有各自的工号，拒绝登记（PERSON_DUPLICATE，409，指明已登记的人员）；两人均有工号的，须填写确认为不同人员的理由（sameNameReason，记入人员台账）；修改姓名、单位或工号同样。回避时同单位同名人员按同一人认定。 / A name holds only Chinese characters, Latin letters, the middle dot (·) and spaces (VALIDATION_FAILED naming the character). A second person of the same name (spaces, invisible characters, width, traditional forms and case ignored) in the same unit is refused unless both carry their own employee numbers (PERSON_DUPLICATE, 409, naming the record there); when they do, the clerk gives the reason they are different people (sameNameReason, kept on the record); so for a change of name, unit or employee number. For recusal, records of one name in one unit count as one officer.',
        body: reg.personCreateSchema,
        response: { 201: reg.personOut, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await reg.createPerson(ctxOf(req, deps), req.body)),
  );

  app.get(
    '/api/v1/people/:id',
    {
      schema: {
        tags,
        summary: '人员及其行政执法证 / A person with certificates and their history',
        description: 'on=YYYY-MM-DD：给出该日各证状态（默认今天）。 / on=YYYY-MM-DD gives each certificate’s status on that date (default today).',
        params: idParams,
        querystring: reg.certificateGetQuerySchema,
        response: { 200: reg.personDetailOut, ...readErrors },
      },
    },
    async (req) => reg.getPerson(ctxOf(req, deps), req.params.id, req.query),
  );

  app.patch(
    '/api/v1/people/:id',
    { schema: { tags, summary: '修改人员信息 / Edit a person', params: idParams, body: reg.personUpdateSchema, response: { 200: reg.personOut, ...writeErrors } } },
    async (req) => reg.updatePerson(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/v1/people/:id/deactivate',
    { schema: { tags, summary: '人员离岗停用（不删除） / Deactivate a person (never deleted)', params: idParams, body: reg.versionOnlySchema.nullish(), response: { 200: reg.personOut, ...writeErrors } } },
    async (req) => reg.deactivatePerson(ctxOf(req, deps), req.params.id, req.body ?? {}),
  );

  app.post(
    '/api/v1/people/:id/reactivate',
    { schema: { tags, summary: '重新启用人员 / Reactivate a person', params: idParams, body: reg.versionOnlySchema.nullish(), response: { 200: reg.personOut, ...writeErrors } } },
    async (req) => reg.reactivatePerson(ctxOf(req, deps), req.params.id, req.body ?? {}),
  );

  app.get(
    '/api/v1/people/:id/original-cases',
    {
      schema: {
        tags,
        summary: '该人员参与的原执法案件及角色 / Original cases the person took part in, and how',
        params: idParams,
        response: { 200: z.object({ items: z.array(reg.personInvolvementOut) }), ...readErrors },
      },
    },
    async (req) => ({ items: await reg.listPersonInvolvements(ctxOf(req, deps), req.params.id) }),
  );

  // ---------- certificates ----------

  app.get(
    '/api/v1/certificates',
    {
      schema: {
        tags,
        summary: '行政执法证列表 / Enforcement certificates',
        description: 'status 为登记状态；每项另给今天的状态 statusOn（含已过期）。 / status filters the recorded status; each item also gives statusOn today (expiry included).',
        querystring: reg.certificatesQuerySchema,
        response: { 200: reg.pageOf(reg.certificateOut), ...readErrors },
      },
    },
    async (req) => reg.listCertificates(ctxOf(req, deps), req.query),
  );

  app.post(
    '/api/v1/certificates',
    { schema: { tags, summary: '登记行政执法证 / Register a certificate', body: reg.certificateCreateSchema, response: { 201: reg.certificateDetailOut, ...writeErrors } } },
    async (req, reply) => reply.status(201).send(await reg.createCertificate(ctxOf(req, deps), req.body)),
  );

  app.get(
    '/api/v1/certificates/:id',
    {
      schema: {
        tags,
        summary: '行政执法证及状态变更记录 / A certificate with its status history',
        description: 'on=YYYY-MM-DD：该日状态（valid/suspended/revoked/expired/not_yet_valid）。 / on=YYYY-MM-DD: the status on that date.',
        params: idParams,
        querystring: reg.certificateGetQuerySchema,
        response: { 200: reg.certificateDetailOut, ...readErrors },
      },
    },
    async (req) => reg.getCertificate(ctxOf(req, deps), req.params.id, req.query),
  );

  app.patch(
    '/api/v1/certificates/:id',
    {
      schema: {
        tags,
        summary: '更正证号、发证机关、有效期 / Correct a certificate’s data',
        params: idParams,
        body: reg.certificateUpdateSchema,
        response: { 200: reg.certificateDetailOut, ...writeErrors },
      },
    },
    async (req) => reg.updateCertificate(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/v1/certificates/:id/status',
    {
      schema: {
        tags,
        summary: '暂扣、恢复、吊销/注销行政执法证 / Suspend, reinstate or revoke a certificate',
        description:
          '吊销/注销后不可恢复；暂扣只能恢复或吊销；须写明理由与生效日期（WC-10(4)）。 / Revocation is final; a suspension ends by reinstatement or revocation; a reason and effective date are required (WC-10(4)).',
        params: idParams,
        body: reg.certificateStatusChangeSchema,
        response: { 200: reg.certificateDetailOut, ...writeErrors },
      },
    },
    async (req) => reg.changeCertificateStatus(ctxOf(req, deps), req.params.id, req.body),
  );

  // ---------- original enforcement cases ----------

  app.get(
    '/api/v1/original-cases',
    {
      schema: {
        tags,
        summary: '原执法案件列表 / Original enforcement cases',
        description:
          '筛选：kind、unitId（含下级单位）、year（决定日期年度）、q（案号、案由、相对人）、wrong（是否已登记错案来源）。 / Filters: kind, unitId (with sub-units), year of decision, q on number/title/counterpart, wrong.',
        querystring: reg.originalCasesQuerySchema,
        response: { 200: reg.pageOf(reg.originalCaseSummaryOut), ...readErrors },
      },
    },
    async (req) => reg.listOriginalCases(ctxOf(req, deps), req.query),
  );

  app.post(
    '/api/v1/original-cases',
    {
      schema: {
        tags,
        summary: '登记原执法案件及参与人员 / Register an original case with its participants',
        description:
          '至少一名承办人；批准层级从 1 起连续，最高级为最后批准人（FL-8(2)）；集体讨论主持人须为参加人（FL-8(3)）。 / At least one handler; approver levels 1..n, the highest is the final approver; the deliberation chair must be a member.',
        body: reg.originalCaseInputSchema,
        response: { 201: reg.originalCaseFullOut, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await reg.createOriginalCase(ctxOf(req, deps), req.body)),
  );

  app.get(
    '/api/v1/original-cases/:id',
    { schema: { tags, summary: '原执法案件全部信息 / An original case with everything', params: idParams, response: { 200: reg.originalCaseFullOut, ...readErrors } } },
    async (req) => reg.getOriginalCase(ctxOf(req, deps), req.params.id),
  );

  app.put(
    '/api/v1/original-cases/:id',
    {
      schema: {
        tags,
        summary: '更正原执法案件及参与人员（整体替换） / Correct an original case and its participants (full replacement)',
        params: idParams,
        body: reg.originalCaseUpdateSchema,
        response: { 200: reg.originalCaseFullOut, ...writeErrors },
      },
    },
    async (req) => reg.updateOriginalCase(ctxOf(req, deps), req.params.id, req.body),
  );

  app.post(
    '/api/v1/original-cases/:id/outcomes',
    {
      schema: {
        tags,
        summary: '登记错案来源（WC-5） / Record a WC-5 outcome event',
        params: idParams,
        body: reg.outcomeInputSchema,
        response: { 201: reg.originalCaseFullOut, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await reg.addOriginalCaseOutcome(ctxOf(req, deps), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/original-cases/:id/compensations',
    {
      schema: {
        tags,
        summary: '登记国家赔偿支付（金额以分计） / Record state compensation paid (amount in fen)',
        params: idParams,
        body: reg.compensationInputSchema,
        response: { 201: reg.originalCaseFullOut, ...writeErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await reg.addOriginalCaseCompensation(ctxOf(req, deps), req.params.id, req.body)),
  );
};
