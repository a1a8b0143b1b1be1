// Zod schemas of the registers, declared once: service input validation (HTTP, CLI, and the
// per-row spreadsheet import of issue 4), TypeScript types, and the OpenAPI document.
// Custom messages are bilingual "中文 / English" (see src/lib/validation.ts).
import { z } from 'zod';
import { personNameProblem } from '../../lib/person-name';

// ---------- shared pieces ----------

export const isoDateSchema = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
export const idSchema = z.string().trim().min(1).max(64);
/** optimistic concurrency: when given, a write to a record changed meanwhile gets 409 CONFLICT_STALE */
export const versionSchema = z.number().int().positive().optional();

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

// Query strings carry 'true'/'false'; a service re-parsing an already parsed query sees booleans.
const booleanQuery = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
  .optional();

// ---------- units ----------

export const UNIT_KINDS = ['commission', 'section', 'subordinate'] as const;
export const UNIT_KIND_LABELS: Record<(typeof UNIT_KINDS)[number], { zh: string; en: string }> = {
  commission: { zh: '委机关', en: 'Commission' },
  section: { zh: '机关科室', en: 'Section' },
  subordinate: { zh: '委属单位', en: 'Subordinate unit' },
};

export const shortCodeSchema = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9_-]{1,20}$/.test(v), { message: '简码为 1–20 位字母、数字或 _- / Short code: 1–20 letters, digits or _-' })
  // one spelling per code: fzk and FZK are the same unit
  .transform((v) => v.toUpperCase());

export const unitCreateSchema = z.object({
  name: text(100),
  shortCode: shortCodeSchema,
  kind: z.enum(UNIT_KINDS),
  /** required unless kind is commission (the root of the tree) */
  parentId: idSchema.nullish(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});
export type UnitCreateInput = z.input<typeof unitCreateSchema>;

export const unitUpdateSchema = z.object({
  name: text(100).optional(),
  shortCode: shortCodeSchema.optional(),
  kind: z.enum(UNIT_KINDS).optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  version: versionSchema,
});
export const unitMoveSchema = z.object({ parentId: idSchema, version: versionSchema });
export const versionOnlySchema = z.object({ version: versionSchema }).default({});

export const unitOut = z.object({
  id: z.string(),
  name: z.string(),
  shortCode: z.string(),
  parentId: z.string().nullable(),
  kind: z.enum(UNIT_KINDS),
  active: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof unitOut>;

export interface UnitNode extends Unit {
  children: UnitNode[];
}

/**
 * How deep the unit tree may go (the commission is level 1: 委 → 支队 → 大队 → 中队 … fits).
 * The limit lets the tree be described without a recursive reference, so the OpenAPI
 * document stays self-contained; creating or moving a unit below it is refused.
 */
export const MAX_UNIT_DEPTH = 6;
function unitNodeLevel(levelsLeft: number): z.ZodType<UnitNode> {
  const children = levelsLeft > 1 ? z.array(unitNodeLevel(levelsLeft - 1)) : z.array(z.never()).max(0);
  return unitOut.extend({ children }) as unknown as z.ZodType<UnitNode>;
}
export const unitNodeOut = unitNodeLevel(MAX_UNIT_DEPTH);
export const unitTreeQuerySchema = z.object({ includeInactive: booleanQuery });

// ---------- people ----------

const phoneSchema = z
  .string()
  .trim()
  .refine((v) => v === '' || /^[0-9+\-() ]{3,30}$/.test(v), { message: '电话号码格式不正确 / Not a valid phone number' })
  .nullish()
  .transform((v) => (v ? v : null));
const emailSchema = z
  .union([z.literal(''), z.email()])
  .nullish()
  .transform((v) => (v ? v : null));

/**
 * A person's name where one is given (a new record; a changed name is checked by the people service,
 * so that a name stored before still reads and its record's other fields still edit): only what a
 * Chinese personal name holds — src/lib/person-name.ts#personNameProblem (FL-5(1): a name spelt with
 * an invisible or look-alike character is a second record of the officer that no one sees).
 */
export const personNameSchema = text(50).superRefine((v, ctx) => {
  const p = personNameProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: `${p.zh} / ${p.en}` });
});

/**
 * 确认为不同人员的理由: a record of a name already registered in its unit (two people, each with
 * their own employee number) is created, renamed or moved there only with the clerk's reason,
 * kept on the record and in the audit (FL-5(1), FL-10(6)).
 */
const sameNameReasonSchema = optionalText(500);

const personFields = {
  name: text(50),
  unitId: idSchema,
  post: optionalText(60),
  employeeNo: optionalText(40),
  phone: phoneSchema,
  email: emailSchema,
  sameNameReason: sameNameReasonSchema,
};

export const personCreateSchema = z.object({ ...personFields, name: personNameSchema });
export type PersonCreateInput = z.input<typeof personCreateSchema>;

/**
 * A spreadsheet row updating a record by its key that leaves the name as stored: the name is not
 * asked again (`personNameSchema` asks a new or changed one).
 */
export const personKeptNameSchema = z.object(personFields);

export const personUpdateSchema = z.object({
  /** checked as `personNameSchema` when it changes (people-service.ts#updatePersonInTx) */
  name: text(50).optional(),
  unitId: idSchema.optional(),
  post: optionalText(60).optional(),
  employeeNo: optionalText(40).optional(),
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  version: versionSchema,
  /** a change of unit or post is kept in the post history with this reason; needed when the current post was set by a decision's execution (FL-6(4), WC-10(5)) */
  postChangeReason: optionalText(200).optional(),
  /** needed when a rename or move makes the record a namesake of another in its unit (FL-5(1)); kept on the record */
  sameNameReason: sameNameReasonSchema.optional(),
});

export const peopleQuerySchema = pageQuerySchema.extend({
  unitId: idSchema.optional(),
  /** with unitId: also people of its sub-units (default true) */
  includeSubunits: booleanQuery,
  /** text on name, employee no. or post */
  q: z.string().trim().max(100).optional(),
  active: booleanQuery,
});
export type PeopleQuery = z.input<typeof peopleQuerySchema>;

export const personOut = z.object({
  id: z.string(),
  name: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  post: z.string().nullable(),
  employeeNo: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** 确认为不同人员的理由: why this record and another of the same name in its unit are two people (FL-5(1)); null when none was needed */
  sameNameReason: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof personOut>;

// ---------- enforcement certificates (行政执法证) ----------

export const CERTIFICATE_STATUSES = ['valid', 'suspended', 'revoked'] as const;
/** what `certificateStatusOn` answers for a date */
export const CERTIFICATE_STATUSES_ON = ['valid', 'suspended', 'revoked', 'expired', 'not_yet_valid'] as const;
export type CertificateStatusOn = (typeof CERTIFICATE_STATUSES_ON)[number];
export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatusOn, { zh: string; en: string }> = {
  valid: { zh: '有效', en: 'Valid' },
  suspended: { zh: '暂扣', en: 'Suspended' },
  revoked: { zh: '吊销/注销', en: 'Revoked' },
  expired: { zh: '已过期', en: 'Expired' },
  not_yet_valid: { zh: '尚未生效', en: 'Not yet valid' },
};

/**
 * A certificate's validity dates are bounded (a red-team walk registered one valid from
 * 0000-01-01, reaching back over any conduct date): not before 1990 (the earliest 行政执法证 a
 * register here holds), nor after 2099.
 */
export const CERTIFICATE_DATE_FLOOR = '1990-01-01';
export const CERTIFICATE_DATE_CEILING = '2099-12-31';
const certificateDateSchema = isoDateSchema.refine((d) => d >= CERTIFICATE_DATE_FLOOR && d <= CERTIFICATE_DATE_CEILING, {
  message: `执法证有效期须在 ${CERTIFICATE_DATE_FLOOR} 至 ${CERTIFICATE_DATE_CEILING} 之间 / a certificate's validity must lie between ${CERTIFICATE_DATE_FLOOR} and ${CERTIFICATE_DATE_CEILING}`,
});
/**
 * Needed when the write changes what the certificate register answers, for a date an open
 * accountability case reads it on, about the holder's qualification (WC-6(2), FL-8(5)): kept on
 * each such case's timeline.
 */
const certificateCorrectionReason = optionalText(500);

const certificateFields = {
  number: text(60),
  personId: idSchema,
  issuingAuthority: text(100),
  validFrom: certificateDateSchema,
  /** null or absent: no end date */
  validTo: certificateDateSchema.nullish(),
  correctionReason: certificateCorrectionReason,
};
const validToAfterFrom = (v: { validFrom?: string | undefined; validTo?: string | null | undefined }) =>
  !v.validFrom || !v.validTo || v.validTo >= v.validFrom;
const validToMessage = { message: '有效期止不得早于有效期起 / the end of validity cannot be before its start', path: ['validTo'] };

export const certificateCreateSchema = z.object(certificateFields).refine(validToAfterFrom, validToMessage);
export type CertificateCreateInput = z.input<typeof certificateCreateSchema>;

export const certificateUpdateSchema = z
  .object({
    number: certificateFields.number.optional(),
    issuingAuthority: certificateFields.issuingAuthority.optional(),
    validFrom: certificateDateSchema.optional(),
    validTo: certificateDateSchema.nullable().optional(),
    version: versionSchema,
    correctionReason: certificateCorrectionReason,
  })
  .refine(validToAfterFrom, validToMessage);

export const certificateStatusChangeSchema = z.object({
  to: z.enum(CERTIFICATE_STATUSES),
  reason: text(500),
  reference: optionalText(100),
  effectiveDate: isoDateSchema,
  /** the accountability case that ordered the change (WC-10(4)) */
  caseId: idSchema.nullish(),
  version: versionSchema,
  correctionReason: certificateCorrectionReason,
});
export type CertificateStatusChangeInput = z.input<typeof certificateStatusChangeSchema>;

export const certificatesQuerySchema = pageQuerySchema.extend({
  personId: idSchema.optional(),
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  /** text on certificate number or holder name */
  q: z.string().trim().max(100).optional(),
});
export const certificateGetQuerySchema = z.object({ on: isoDateSchema.optional() });

export const statusChangeOut = z.object({
  id: z.string(),
  seq: z.number().int(),
  fromStatus: z.enum(CERTIFICATE_STATUSES),
  toStatus: z.enum(CERTIFICATE_STATUSES),
  effectiveDate: z.string(),
  reason: z.string(),
  reference: z.string().nullable(),
  caseId: z.string().nullable(),
  actorId: z.string().nullable(),
  recordedAt: z.string(),
});
export type CertificateStatusChange = z.infer<typeof statusChangeOut>;

export const certificateOut = z.object({
  id: z.string(),
  number: z.string(),
  personId: z.string(),
  personName: z.string(),
  issuingAuthority: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** the status after the latest recorded change */
  status: z.enum(CERTIFICATE_STATUSES),
  /** the status on `statusDate` (today in China unless asked for another date) */
  statusOn: z.enum(CERTIFICATE_STATUSES_ON),
  statusDate: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CertificateSummary = z.infer<typeof certificateOut>;
export const certificateDetailOut = certificateOut.extend({ history: z.array(statusChangeOut) });
export type CertificateDetail = z.infer<typeof certificateDetailOut>;

export const personDetailOut = personOut.extend({ certificates: z.array(certificateDetailOut) });
export type PersonDetail = z.infer<typeof personDetailOut>;

// ---------- original enforcement cases (原执法案件) ----------

export const ORIGINAL_CASE_KINDS = ['penalty', 'licence', 'inspection', 'compulsory'] as const;
export type OriginalCaseKindName = (typeof ORIGINAL_CASE_KINDS)[number];
export const ORIGINAL_CASE_KIND_LABELS: Record<OriginalCaseKindName, { zh: string; en: string }> = {
  penalty: { zh: '行政处罚', en: 'Administrative penalty' },
  licence: { zh: '行政许可', en: 'Administrative licence' },
  inspection: { zh: '行政检查', en: 'Administrative inspection' },
  compulsory: { zh: '行政强制', en: 'Administrative compulsion' },
};

export const DELIBERATION_OPINIONS = ['insisted', 'agreed', 'dissented', 'silent'] as const;
export const DELIBERATION_OPINION_LABELS: Record<(typeof DELIBERATION_OPINIONS)[number], { zh: string; en: string }> = {
  insisted: { zh: '坚持错误意见', en: 'Insisted on the wrong opinion' },
  agreed: { zh: '同意', en: 'Agreed' },
  dissented: { zh: '反对（记录在案）', en: 'Dissented (on record)' },
  silent: { zh: '未表态', en: 'Did not state a view' },
};

export const PARTICIPANT_ROLE_LABELS = {
  handler: { zh: '承办人', en: 'Handler' },
  approver: { zh: '批准人', en: 'Approver' },
  final_approver: { zh: '最后批准人', en: 'Final approver' },
  deliberation_chair: { zh: '集体讨论主持人', en: 'Chair of the collective deliberation' },
  deliberation_member: { zh: '集体讨论参加人', en: 'Member of the collective deliberation' },
  instructing_leader: { zh: '授意/指使的负责人', en: 'Leader who suggested or directed' },
  assigner: { zh: '指派承办人者', en: 'Person who assigned the handler' },
} as const;
export type InvolvementRole = keyof typeof PARTICIPANT_ROLE_LABELS;
export const INVOLVEMENT_ROLES = Object.keys(PARTICIPANT_ROLE_LABELS) as [InvolvementRole, ...InvolvementRole[]];

export const COUNTERPART_TYPES = ['person', 'organisation'] as const;

/** WC-5 items (1)–(6): what makes an original case a wrong case (错案). */
export const WC5_SOURCES = ['WC-5(1)', 'WC-5(2)', 'WC-5(3)', 'WC-5(4)', 'WC-5(5)', 'WC-5(6)'] as const;
export type Wc5SourceName = (typeof WC5_SOURCES)[number];
export const WC5_SOURCE_LABELS: Record<Wc5SourceName, { zh: string; en: string }> = {
  'WC-5(1)': { zh: '在法规部门行政执法例行或专项执法监督中发现的错误案件', en: 'Found wrong in routine or special enforcement supervision' },
  'WC-5(2)': { zh: '上报的重大行政处罚经上级部门审查认定存在错误的案件', en: 'A reported major penalty found wrong on superior review' },
  'WC-5(3)': { zh: '行政复议决定予以撤销或者变更的行政执法案件', en: 'Revoked or changed by an administrative reconsideration decision' },
  'WC-5(4)': {
    zh: '人民法院终审判决撤销、部分撤销、变更或者责令重新作出具体行政行为的行政执法案件',
    en: 'Revoked, partly revoked, changed or ordered redone by a final court judgment',
  },
  'WC-5(5)': { zh: '给予行政赔偿的案件', en: 'Administrative compensation was paid' },
  'WC-5(6)': { zh: '经上级行政执法机关调查认定存在错误的案件', en: 'Found wrong by a superior enforcement agency' },
};
export const OUTCOME_EFFECTS = ['revoked', 'partly_revoked', 'changed', 'ordered_redo'] as const;
/** WC-5(3)/(4): what the finding did to the decision */
export type OutcomeEffect = (typeof OUTCOME_EFFECTS)[number];
export const OUTCOME_EFFECT_LABELS: Record<OutcomeEffect, { zh: string; en: string }> = {
  revoked: { zh: '撤销', en: 'Revoked' },
  partly_revoked: { zh: '部分撤销', en: 'Partly revoked' },
  changed: { zh: '变更', en: 'Changed' },
  ordered_redo: { zh: '责令重新作出', en: 'Ordered to be redone' },
};
/** the effects each source may name, as worded in WC-5(3) and WC-5(4); other items name none */
export const OUTCOME_EFFECTS_BY_SOURCE: Partial<Record<Wc5SourceName, readonly OutcomeEffect[]>> = {
  'WC-5(3)': ['revoked', 'changed'],
  'WC-5(4)': ['revoked', 'partly_revoked', 'changed', 'ordered_redo'],
};

const personRef = { personId: idSchema };

export const deliberationInputSchema = z.object({
  date: isoDateSchema,
  /** must be one of the members */
  chairId: idSchema,
  members: z.array(z.object({ ...personRef, opinion: z.enum(DELIBERATION_OPINIONS) })).min(1),
  note: optionalText(1000),
});

const originalCaseFields = z.object({
  number: text(80),
  kind: z.enum(ORIGINAL_CASE_KINDS),
  title: text(200),
  summary: optionalText(5000),
  unitId: idSchema,
  /** 作出决定（实施）日期 */
  decisionDate: isoDateSchema,
  counterpart: z.object({
    name: text(200),
    type: z.enum(COUNTERPART_TYPES),
    idNo: optionalText(60),
  }),
  handlers: z.array(z.object(personRef)).refine((a) => a.length > 0, { message: '至少需要一名承办人 / At least one handler is required' }),
  /** levels 1..n; the highest level is the final approver (FL-8(2)) */
  approvers: z.array(z.object({ ...personRef, level: z.number().int().min(1).max(20) })).default([]),
  deliberation: deliberationInputSchema.nullish().transform((v) => v ?? null),
  instructingLeaders: z.array(z.object({ ...personRef, note: optionalText(1000) })).default([]),
  assigners: z.array(z.object({ ...personRef, note: optionalText(1000) })).default([]),
});

function checkParticipants(v: z.output<typeof originalCaseFields>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], zh: string, en: string) => ctx.addIssue({ code: 'custom', path, message: `${zh} / ${en}` });
  // FL-8(2): 多级批准 — the levels must form the chain 1..n so the last one is well defined.
  const levels = v.approvers.map((a) => a.level).sort((a, b) => a - b);
  const bad = levels.findIndex((l, i) => l !== i + 1);
  if (bad >= 0) {
    issue(['approvers'], `批准层级应从 1 起连续编号（第 ${bad + 1} 级缺失或重复）`, `approver levels must run 1..n without gaps or repeats (level ${bad + 1})`);
  }
  dupes(v.handlers.map((h) => h.personId)).forEach((id) => issue(['handlers'], `承办人重复：${id}`, `handler listed twice: ${id}`));
  dupes(v.approvers.map((a) => a.personId)).forEach((id) =>
    issue(['approvers'], `同一人不得在多个批准层级出现：${id}`, `the same person appears at several approval levels: ${id}`),
  );
  dupes(v.instructingLeaders.map((a) => a.personId)).forEach((id) => issue(['instructingLeaders'], `重复：${id}`, `listed twice: ${id}`));
  dupes(v.assigners.map((a) => a.personId)).forEach((id) => issue(['assigners'], `重复：${id}`, `listed twice: ${id}`));
  if (v.deliberation) {
    const ids = v.deliberation.members.map((m) => m.personId);
    dupes(ids).forEach((id) => issue(['deliberation', 'members'], `参加人重复：${id}`, `member listed twice: ${id}`));
    // FL-8(3) holds the person who chaired the deliberation liable: the chair took part in it.
    if (!ids.includes(v.deliberation.chairId)) {
      issue(['deliberation', 'chairId'], '主持人必须是集体讨论的参加人', 'the chair must be one of the members');
    }
    // The deliberation decides the case, so it cannot postdate the decision.
    if (v.deliberation.date > v.decisionDate) {
      issue(['deliberation', 'date'], '集体讨论日期不得晚于决定日期', 'the deliberation cannot be after the decision date');
    }
  }
}

export const originalCaseInputSchema = originalCaseFields.superRefine(checkParticipants);
export type OriginalCaseInput = z.input<typeof originalCaseInputSchema>;
export type OriginalCaseParsed = z.output<typeof originalCaseInputSchema>;

/** a full replacement of the case and its participants (outcomes and compensation are appended separately) */
export const originalCaseUpdateSchema = originalCaseFields
  .extend({
    version: versionSchema,
    /** needed when the participants change while an open accountability case rests on the case (FL-5(1), FL-8): kept on each such case */
    correctionReason: optionalText(500),
  })
  .superRefine(checkParticipants);
export type OriginalCaseUpdateInput = z.input<typeof originalCaseUpdateSchema>;

export const outcomeInputSchema = z
  .object({
    source: z.enum(WC5_SOURCES),
    effect: z.enum(OUTCOME_EFFECTS).nullish().transform((v) => v ?? null),
    issuer: optionalText(200),
    referenceNo: text(100),
    referenceDate: isoDateSchema,
    note: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    const allowed = OUTCOME_EFFECTS_BY_SOURCE[v.source];
    if (v.effect && !allowed?.includes(v.effect)) {
      ctx.addIssue({
        code: 'custom',
        path: ['effect'],
        message: `${v.source} 不适用该结果类型 / ${v.source} does not take the effect ${v.effect}`,
      });
    }
  });
export type OutcomeInput = z.input<typeof outcomeInputSchema>;

export const compensationInputSchema = z.object({
  /** integer fen (分): ¥1,234.56 is 123456 */
  amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  paidDate: isoDateSchema,
  decisionNo: text(100),
  note: optionalText(2000),
});
export type CompensationInput = z.input<typeof compensationInputSchema>;

export const originalCasesQuerySchema = pageQuerySchema.extend({
  kind: z.enum(ORIGINAL_CASE_KINDS).optional(),
  unitId: idSchema.optional(),
  includeSubunits: booleanQuery,
  /** year of the decision date */
  year: z.coerce.number().int().min(1949).max(2999).optional(),
  /** text on number, title or counterpart name */
  q: z.string().trim().max(100).optional(),
  /** only cases with (true) / without (false) a WC-5 outcome event */
  wrong: booleanQuery,
});
export type OriginalCasesQuery = z.input<typeof originalCasesQuerySchema>;

const namedPerson = { personId: z.string(), name: z.string() };

export const outcomeOut = z.object({
  id: z.string(),
  source: z.enum(WC5_SOURCES),
  effect: z.enum(OUTCOME_EFFECTS).nullable(),
  issuer: z.string().nullable(),
  referenceNo: z.string(),
  referenceDate: z.string(),
  note: z.string().nullable(),
  actorId: z.string().nullable(),
  recordedAt: z.string(),
});
export type OriginalCaseOutcome = z.infer<typeof outcomeOut>;

export const compensationOut = z.object({
  id: z.string(),
  amountFen: z.number().int(),
  paidDate: z.string(),
  decisionNo: z.string(),
  note: z.string().nullable(),
  actorId: z.string().nullable(),
  recordedAt: z.string(),
});
export type OriginalCaseCompensation = z.infer<typeof compensationOut>;

export const caseFlagOut = z.object({
  code: z.enum(['HANDLER_IS_FINAL_APPROVER', 'COMPENSATION_WITHOUT_WC5_5']),
  personId: z.string().nullable(),
  zh: z.string(),
  en: z.string(),
});
export type OriginalCaseFlag = z.infer<typeof caseFlagOut>;

export const originalCaseSummaryOut = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(ORIGINAL_CASE_KINDS),
  title: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  decisionDate: z.string(),
  counterpart: z.object({ name: z.string(), type: z.enum(COUNTERPART_TYPES), idNo: z.string().nullable() }),
  /** at least one WC-5 outcome event is recorded */
  wrong: z.boolean(),
  compensationTotalFen: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OriginalCaseSummary = z.infer<typeof originalCaseSummaryOut>;

export const originalCaseFullOut = originalCaseSummaryOut.extend({
  summary: z.string().nullable(),
  handlers: z.array(z.object(namedPerson)),
  approvers: z.array(z.object({ ...namedPerson, level: z.number().int(), final: z.boolean() })),
  deliberation: z
    .object({
      date: z.string(),
      chairId: z.string(),
      chairName: z.string(),
      note: z.string().nullable(),
      members: z.array(z.object({ ...namedPerson, opinion: z.enum(DELIBERATION_OPINIONS), isChair: z.boolean() })),
    })
    .nullable(),
  instructingLeaders: z.array(z.object({ ...namedPerson, note: z.string().nullable() })),
  assigners: z.array(z.object({ ...namedPerson, note: z.string().nullable() })),
  outcomes: z.array(outcomeOut),
  compensations: z.array(compensationOut),
  /** every person involved and in which roles: the conflict-of-interest check and FL-8 read this */
  involvement: z.array(z.object({ ...namedPerson, roles: z.array(z.enum(INVOLVEMENT_ROLES)) })),
  /** allowed but worth a look, e.g. the handler approved their own case at the final level */
  flags: z.array(caseFlagOut),
});
export type OriginalCaseFull = z.infer<typeof originalCaseFullOut>;

export const personInvolvementOut = z.object({
  caseId: z.string(),
  number: z.string(),
  kind: z.enum(ORIGINAL_CASE_KINDS),
  title: z.string(),
  decisionDate: z.string(),
  roles: z.array(z.enum(INVOLVEMENT_ROLES)),
});
export type PersonInvolvement = z.infer<typeof personInvolvementOut>;

function dupes(ids: string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const id of ids) (seen.has(id) ? out : seen).add(id);
  return [...out];
}
