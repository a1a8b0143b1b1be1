// The data each step needs, declared once (zod): the service validates with it, the routes
// expose it in OpenAPI, and `allowedActions[].needs` names it so the UI can build the form.
import { z } from 'zod';
import { isIsoDate } from '../../calendar/dates';
import { CHANNELS, SOURCES, TRACKS } from './states';
import { REFERRAL_BODIES } from '../../rules/schema';

// Which FL/WC items exist is the rule pack's: the server checks them against the pack of the
// case's organisation and date (src/services/cases/legal-input-check.ts). Here only the form of
// a citation, so these schemas (also run by the web) bundle no pack (issue 10 point 14).
const citationId = z.string().regex(/^[A-Z]{2,4}-\d{1,3}(?:\(\d{1,3}\))?$/, '须为条款编号（如 FL-7(3)） / must be a citation such as FL-7(3)');

const bi = (zh: string, en: string): { message: string } => ({ message: `${zh} / ${en}` });

/** The longest name an evidence file may carry, in characters (a file system's usual bound). */
export const EVIDENCE_FILE_NAME_MAX = 255;

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, bi('日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD'))
  // The pattern alone let 2025-02-30 through and be stored as a case date (found by the API fuzz test).
  .refine((d) => isIsoDate(d), bi('日期不存在', 'No such calendar date'));
const text = (max = 4000) => z.string().trim().min(1).max(max);
const optText = (max = 4000) => z.string().trim().max(max).optional();
const id = z.string().min(1).max(64);

/** FL-5(4) 在有关范围内公开: the scope the decision sets — within the commission, the system, or the public. */
export const PUBLICATION_SCOPES = ['commission', 'system', 'public'] as const;
export type PublicationScope = (typeof PUBLICATION_SCOPES)[number];

export const expectedVersion = z.number().int().min(1);

export const reporterSchema = z
  .object({
    anonymous: z.boolean(),
    name: optText(100),
    idNumber: optText(40),
    phone: optText(40),
    address: optText(300),
    email: optText(200),
    organisation: optText(200),
  })
  .refine((r) => r.anonymous || Boolean(r.name), bi('实名举报须填写举报人姓名', 'A named report needs the reporter name'));
export type ReporterInput = z.infer<typeof reporterSchema>;

export const wc5SourceSchema = z.object({
  item: z.number().int().min(1).max(6),
  referenceNo: text(200),
  referenceDate: dateSchema,
  originalCaseId: id.optional(),
});

/** Intake (线索登记): a report from anyone (FL-4, WC-9(1)) or a WC-5 source. */
export const intakeSchema = z
  .object({
    source: z.enum(SOURCES),
    tracks: z.array(z.enum(TRACKS)).min(1).max(2).optional(),
    receivedOn: dateSchema,
    /** why the intake is recorded more than the pack's limit after it was received (honest dates) */
    backdateReason: optText(1000),
    summary: text(8000),
    channel: z.enum(CHANNELS).optional(),
    reporter: reporterSchema.optional(),
    wc5: wc5SourceSchema.optional(),
    originalCaseId: id.optional(),
    subjectPersonIds: z.array(id).max(50).optional(),
  })
  .refine((v) => v.source !== 'report' || (v.channel && v.reporter), bi('举报须填写渠道和举报人（可匿名）', 'A report needs a channel and a reporter (may be anonymous)'))
  .refine((v) => v.source !== 'wc5' || v.wc5, bi('错案来源须填写 WC-5 项目和依据文书', 'A WC-5 source needs its item and reference document'))
  // FL-4, FL-15: a report is taken on the fault track; whether a fault is not pursued is for the
  // 委党委会 to decide at registration, never for whoever records the report
  .refine((v) => v.source !== 'report' || !v.tracks || v.tracks.includes('FL'), {
    ...bi('举报线索须按过错责任追究（FL）登记；是否不予追究过错责任由委党委会会议在立案时确定（FL-4、FL-15）', 'A report is recorded on the fault track (FL); whether a fault is not pursued is for the committee to decide at registration (FL-4, FL-15)'),
    path: ['tracks'],
  })
  .refine((v) => v.source !== 'wc5' || v.wc5?.originalCaseId || v.originalCaseId, {
    ...bi('错案来源须关联原执法案件', 'A WC-5 source must name the original enforcement case'),
    path: ['wc5', 'originalCaseId'],
  });
export type IntakeInput = z.infer<typeof intakeSchema>;

/** The public online report channel (FL-4): no account, nothing but the report. */
export const publicReportSchema = z.object({
  summary: text(8000),
  reporter: reporterSchema,
  /** issue 11: the commission the report is addressed to (GET /api/v1/public/orgs); absent: the default one */
  orgId: z.string().min(1).max(64).optional(),
});

/** every step: the version it was based on, and why it is recorded late (honest dates, issue 7) */
const withVersion = <T extends z.ZodRawShape>(shape: T) => z.object({ expectedVersion, backdateReason: optText(1000), ...shape });

export const ACTION_SCHEMAS = {
  AcceptInput: withVersion({
    acceptedOn: dateSchema,
    /** the reply to the reporter (required when the case came from a report, WC-9(1)) */
    reply: optText(),
    /** false when the matter is not the Commission's: it must then be transferred (WC-9(1)) */
    withinCompetence: z.boolean().default(true),
    tracks: z.array(z.enum(TRACKS)).min(1).max(2).optional(),
  }),
  NotAcceptInput: withVersion({ decidedOn: dateSchema, reason: text(), reply: optText() }),
  TransferInput: withVersion({ transferredOn: dateSchema, competentBody: text(200), letterNo: optText(100), reply: optText() }),
  RegisterInput: withVersion({
    /** FL-15: the closed 委党委会 meeting whose result (立案) this carries out (required on the FL track) */
    meetingId: id.optional(),
    registeredOn: dateSchema,
    tracks: z.array(z.enum(TRACKS)).min(1).max(2).optional(),
    subjectPersonIds: z.array(id).max(50).optional(),
    note: optText(),
  }),
  DeclineRegistrationInput: withVersion({ meetingId: id.optional(), decidedOn: dateSchema, reason: text(), reply: optText() }),
  ReportToLeaderInput: withVersion({ reportedOn: dateSchema, note: optText() }),
  AppointTeamInput: withVersion({
    appointedOn: dateSchema,
    members: z.array(z.object({ userId: id, lead: z.boolean().default(false) })).min(1).max(20),
  }),
  StartInvestigationInput: withVersion({ startedOn: dateSchema }),
  AddSubjectInput: withVersion({ personId: id, note: optText() }),
  /** originalCaseId: the original case in the register; null (or absent) removes the link */
  LinkOriginalCaseInput: withVersion({ originalCaseId: id.nullable().optional(), note: optText() }),
  EvidenceInput: withVersion({
    kind: z.enum(['document', 'interview_record', 'site_inspection', 'statement']),
    title: text(300),
    source: text(500),
    collectedOn: dateSchema,
    description: optText(),
    /** searchable text: an interview transcript, a statement */
    textContent: optText(200_000),
    /** an earlier evidence item this one corrects (the earlier one is kept, marked superseded) */
    supersedesId: id.optional(),
    correctionReason: optText(),
    /**
     * WC-11: show it to the subject before 陈述申辩 (default: not). A legal-affairs clerk discloses it
     * (the reporter-identity check runs for him); a team investigator's true asks a clerk to
     * (FL-7(7), FL-10(3): stored undisclosed, the request pending, whatever the text).
     */
    disclosable: z.boolean().optional(),
  }),
  FindingInput: withVersion({
    subjectPersonId: id,
    faults: z.array(citationId).max(19).default([]),
    culpability: z.enum(['intent', 'negligence', 'gross_negligence', 'none']),
    roleInOriginalCase: z.enum([
      'handler',
      'approver',
      'final_approver',
      'deliberation_chair',
      'deliberation_insisting_member',
      'instructing_leader',
      'assigner',
      'direct_responsible',
      'other',
    ]),
    circumstances: z
      .array(citationId)
      .max(30)
      // None found: leaving it out means none (never a raw "expected array" message).
      .default([]),
    consequences: z.object({
      harm: z.enum(['none', 'minor', 'serious']),
      influence: z.enum(['none', 'bad', 'very_bad']),
      stateCompensationFen: z.number().int().min(0).optional(),
      crimeSuspected: z.boolean().default(false),
      /** suspected 违纪 (breach of discipline): referral to the discipline inspection body (WC-9(3)) */
      disciplineSuspected: z.boolean().optional(),
      /** suspected 违法 by a public official, short of crime: referral to the supervision commission (WC-9(3)) */
      illegalitySuspected: z.boolean().optional(),
      description: optText(),
    }),
    /** FL-3: false when the person is not enforcement staff (e.g. 执法辅助人员); default true */
    enforcementStaff: z.boolean().optional(),
    conductDate: dateSchema.optional(),
    narrative: text(20_000),
  }),
  SubmitFindingsInput: withVersion({
    submittedOn: dateSchema,
    summary: text(20_000),
    wrongCase: z
      .object({ isWrongCase: z.boolean(), wc5Item: z.number().int().min(1).max(6).optional(), reference: optText(300) })
      .refine((w) => !w.isWrongCase || w.wc5Item !== undefined, bi('认定为错案须注明 WC-5 来源项', 'A wrong case needs its WC-5 source item'))
      .optional(),
  }),
  ReturnInput: withVersion({ reason: text() }),
  DecideInput: withVersion({
    /** FL-15 / WC-9(3): the closed, quorate meeting whose majority result this decision carries out */
    meetingId: id,
    /** FL-5(4): the scope of publication the decision sets (委内通报 / 系统内通报 / 向社会公开) */
    publicationScope: z.enum(PUBLICATION_SCOPES),
    /** FL-5(4): the channel (门户网站、内网、会议通报、文件印发 …) */
    publicationChannel: text(100),
    items: z
      .array(
        z.object({
          subjectPersonId: id,
          noAccountability: z.boolean().default(false),
          forms: z.array(citationId).max(10).default([]),
          departureReason: optText(),
          transferJudicial: z.boolean().default(false),
          transferDiscipline: z.boolean().default(false),
          /** FL-13: amount of state compensation to recover from this subject, in fen (分) */
          compensationFen: z.number().int().min(0).optional(),
          /** FL-13: or the share as a percentage of the compensation paid (converted to fen) */
          compensationPercent: z.number().min(0).max(100).optional(),
          /** WC-9(3)/FL-12: each referral duty of the recommendation, made (document no.) or waived (reason) */
          referrals: z
            .array(z.object({ body: z.enum(REFERRAL_BODIES), madeOn: dateSchema.optional(), documentRef: optText(200), waivedReason: optText() }))
            .max(3)
            .optional(),
          reason: optText(),
        }),
      )
      .min(1)
      .max(50),
  }),
  NotifyInput: withVersion({
    subjectPersonId: id,
    notifiedOn: dateSchema,
    method: z.enum(['in_person', 'mail', 'electronic']),
    /** WC-11: the subject waived the defence in writing at service — execution need not wait for the period */
    defenceWaived: z.boolean().optional(),
    /** where the waiver is written (e.g. 送达回证上本人签署放弃陈述申辩); required with the waiver */
    waiverNote: optText(),
  }),
  DefenceInput: withVersion({
    subjectPersonId: id,
    kind: z.enum(['defence', 'appeal']),
    filedOn: dateSchema,
    statement: text(20_000),
    /** WC-11: an appeal goes to the enforcement supervision department or the discipline/supervision bodies */
    appealBody: z.enum(['supervision', 'discipline']).optional(),
  }),
  /**
   * WC-11: a 申诉 against the decision of a closed case (no period for it: 按照有关规定) — filed by
   * the subject, or handed in on paper and recorded by a clerk (filedOn: the date it was received)
   */
  AppealInput: withVersion({
    subjectPersonId: id,
    filedOn: dateSchema,
    statement: text(20_000),
    appealBody: z.enum(['supervision', 'discipline']),
  }),
  AppealOutcomeInput: withVersion({
    /** the closed meeting of the decision body on this defence/appeal */
    meetingId: id,
    appealId: id,
    outcome: z.enum(['upheld', 'changed', 'revoked']),
    decidedOn: dateSchema,
    reason: text(),
    /** when changed: the subject's new forms (a new decision supersedes the old one, both kept) */
    forms: z.array(citationId).max(10).optional(),
    compensationFen: z.number().int().min(0).optional(),
    departureReason: optText(),
  }),
  /** WC-11: the clerk sends a filed appeal to the body it was addressed to, with the hand-off letter */
  ReferAppealInput: withVersion({
    appealId: id,
    sentOn: dateSchema,
    /** the hand-off letter's 发文字号 (filled from the issued letter when letterDocumentId is given) */
    letterNo: optText(100),
    /** the issued 申诉移送函 (document kind appeal_referral_letter) sent with the appeal */
    letterDocumentId: id.optional(),
    /** the body's name, e.g. 区司法局（行政执法监督） (default: the kind's name) */
    bodyName: optText(200),
  }),
  /** WC-11: the commission executes the outside body's recorded decision */
  ExecuteSupervisionInput: withVersion({ appealId: id, executedOn: dateSchema }),
  StartExecutionInput: withVersion({ startedOn: dateSchema }),
  CompleteExecutionInput: withVersion({
    itemId: id,
    doneOn: dateSchema,
    note: optText(),
    /** certificate suspension: which certificate (default: the subject's valid ones) */
    certificateId: id.optional(),
    newPost: optText(200),
    // Typed execution per form (steps-execution.ts says which fields each kind needs):
    /** 书面检查: the day the written self-examination was received */
    receivedOn: dateSchema.optional(),
    /** 书面检查: the evidence item holding it, or a file/archive reference */
    evidenceId: id.optional(),
    attachmentRef: optText(300),
    /** 通报批评: the issued publication notice of this case, or its 发文字号 */
    noticeDocumentId: id.optional(),
    noticeNo: optText(100),
    /** 停止执行职务 / 暂扣执法证: the period (from defaults to doneOn) */
    suspendFrom: dateSchema.optional(),
    suspendTo: dateSchema.optional(),
    /** 调离执法岗位: the new unit (default: unchanged) */
    newUnitId: id.optional(),
    /** 纪律处分 / 行政处分: the kind and the body that imposed it */
    /** one of the pack's kinds of sanction (checked on the server) */
    sanctionKind: z.string().min(1).max(40).optional(),
    imposingBody: optText(200),
    decisionNo: optText(100),
    /** 移送: the letter (issued transfer document of this case, or its 发文字号) and the receiving body */
    letterDocumentId: id.optional(),
    letterNo: optText(100),
    receivingBody: optText(200),
    /** 退还 (FL-13 after WC-11): the amount returned, in fen (the whole amount due), and its voucher */
    amountFen: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    voucherRef: optText(200),
  }),
  PaymentInput: withVersion({ itemId: id, amountFen: z.number().int().min(1), paidOn: dateSchema, note: optText() }),
  ReplyInput: withVersion({ repliedOn: dateSchema, text: text() }),
  CloseInput: withVersion({ closedOn: dateSchema, summary: text() }),
} as const;

export type ActionSchemaName = keyof typeof ACTION_SCHEMAS;
export type ActionInput<N extends ActionSchemaName> = z.output<(typeof ACTION_SCHEMAS)[N]>;
