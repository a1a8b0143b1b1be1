// Response schemas of the case API (zod → runtime serialization check, types, OpenAPI).
import { z } from 'zod';
import { CASE_ACTIONS, CASE_STATES, CHANNELS, PUBLICATION_SCOPES, SOURCES, TRACKS } from '../../domain/cases';

const bi = { zh: z.string(), en: z.string() };

export const allowedActionOut = z.object({
  action: z.enum(CASE_ACTIONS),
  labelZh: z.string(),
  labelEn: z.string(),
  citation: z.string(),
  needs: z.string().describe('name of the input schema (components: CaseActionInputs)'),
  blocked: z.object({ ...bi, citation: z.string() }).optional().describe('state and role allow it, the case data does not yet'),
});

export const deadlineOut = z.object({
  kind: z.string(),
  citation: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  startDate: z.string(),
  dueDate: z.string(),
  provisional: z.boolean(),
  dayKind: z.string(),
  state: z.enum(['ok', 'warning', 'due_today', 'overdue', 'met']),
  daysLeft: z.number().int(),
  workingDaysLeft: z.number().int().nullable(),
  daysLate: z.number().int(),
  warning: z.boolean(),
  metOn: z.string().nullable(),
  /** issue 12: 内部时限 — the Commission's own target for a step required "promptly", not a statutory deadline */
  internal: z.boolean().optional(),
  /** issue 10: the last-day-on-holiday rule moved this due date (policy: an installation setting, not the pack) */
  movedByHolidayRule: z.object({ policy: z.boolean(), unmovedDueDate: z.string(), zh: z.string(), en: z.string(), citations: z.array(z.string()) }).optional(),
  countedByPolicy: z.object({ packDayKind: z.string(), packDueDate: z.string(), zh: z.string(), en: z.string() }).optional(),
});

const subjectRef = z.object({ personId: z.string(), name: z.string(), unitId: z.string().nullable(), unitName: z.string().nullable() });

export const evidenceOut = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  source: z.string(),
  collectedOn: z.string(),
  description: z.string().nullable(),
  hasText: z.boolean(),
  file: z.object({ sha256: z.string(), name: z.string(), size: z.number(), mimeType: z.string() }).nullable(),
  supersedesId: z.string().nullable(),
  supersededById: z.string().nullable(),
  correctionReason: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  /** shown to the subject before 陈述申辩 (WC-11) */
  disclosable: z.boolean().optional(),
  /** handed in by this subject (WC-9(2)) */
  sourcePersonId: z.string().nullable().optional(),
  /** staff: a team investigator asked to show it to the subject; a legal-affairs clerk decides (FL-7(7), WC-11) */
  disclosureRequest: z.object({ requestedBy: z.string(), requestedAt: z.string() }).nullable().optional(),
});

/** A page of the case's evidence (newest first): GET /cases/:id/evidence */
export const evidenceListOut = z.object({
  items: z.array(evidenceOut),
  /** every item the caller may see (WC-11: a subject counts only what is disclosed to them or theirs) */
  total: z.number().int(),
  /** pass as `cursor` for the next page; null: no more */
  nextCursor: z.string().nullable(),
});

export const findingOut = z
  .object({
    id: z.string(),
    subjectPersonId: z.string(),
    subjectName: z.string(),
    supersedesId: z.string().nullable(),
    recordedAt: z.string(),
    faults: z.array(z.string()),
    culpability: z.string(),
    roleInOriginalCase: z.string(),
    circumstances: z.array(z.string()),
    consequences: z.record(z.string(), z.unknown()),
    conductDate: z.string().optional(),
    narrative: z.string(),
  })
  .loose();

export const decisionOut = z.object({
  id: z.string(),
  seq: z.number().int(),
  status: z.enum(['in_force', 'superseded']),
  origin: z.enum(['meeting', 'appeal']),
  supersedesId: z.string().nullable(),
  decidedOn: z.string(),
  ruleEvaluationId: z.string().nullable(),
  meeting: z.record(z.string(), z.unknown()).nullable(),
  /** FL-5(4): the scope (公开范围) and channel of publication the decision set; null on a decision changed on appeal (it keeps the first one's) */
  publication: z.object({ scope: z.enum(PUBLICATION_SCOPES), channel: z.string() }).nullable(),
  items: z.array(
    z.object({
      subjectPersonId: z.string(),
      subjectName: z.string(),
      noAccountability: z.boolean(),
      forms: z.array(z.string()),
      departedForms: z.array(z.string()),
      departureReason: z.string().nullable(),
      transferJudicial: z.boolean(),
      transferDiscipline: z.boolean(),
      compensationFen: z.number().nullable(),
      reason: z.string().nullable(),
      /** WC-11: the articles the decision rests on, with their Chinese text */
      basis: z.array(z.object({ citation: z.string(), articleZh: z.string(), label: z.string(), textZh: z.string().nullable() })).optional(),
    }),
  ),
});

export const caseOut = z.object({
  id: z.string(),
  number: z.string(),
  year: z.number().int(),
  state: z.enum(CASE_STATES),
  stateLabelZh: z.string(),
  stateLabelEn: z.string(),
  tracks: z.array(z.enum(TRACKS)),
  source: z.enum(SOURCES),
  channel: z.enum(CHANNELS).nullable(),
  channelLabelZh: z.string().nullable(),
  summary: z.string().nullable(),
  receivedOn: z.string(),
  wc5: z.object({ item: z.number(), citation: z.string(), referenceNo: z.string().nullable(), referenceDate: z.string().nullable() }).nullable(),
  originalCaseId: z.string().nullable(),
  acceptedOn: z.string().nullable(),
  registeredOn: z.string().nullable(),
  investigationStartedOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  wrongCase: z.object({ isWrongCase: z.boolean(), wc5Item: z.number().nullable() }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  subjects: z.array(subjectRef),
  team: z.array(z.object({ userId: z.string(), displayName: z.string(), lead: z.boolean(), appointedOn: z.string() })),
  deadlines: z.array(deadlineOut),
  /** the newest page of the evidence the caller may see (newest first; EVIDENCE_PAGE_SIZE items at most) — further pages: GET /cases/:id/evidence */
  evidence: z.array(evidenceOut),
  /** every evidence item the caller may see (WC-11: to a subject, only what is disclosed to them or handed in by them) */
  evidenceTotal: z.number().int(),
  /** the cursor of the next evidence page; null: the page above is all */
  evidenceNextCursor: z.string().nullable(),
  findings: z.array(findingOut),
  decisions: z.array(decisionOut),
  notifications: z.array(z.object({ id: z.string(), decisionId: z.string(), subjectPersonId: z.string(), subjectName: z.string(), notifiedOn: z.string(), method: z.string(), rightsText: z.string(), defenceWaived: z.boolean().describe('WC-11: the subject waived the defence in writing at service'), waiverNote: z.string().nullable() })),
  appeals: z.array(
    z.object({
      id: z.string(),
      decisionId: z.string(),
      subjectPersonId: z.string(),
      subjectName: z.string(),
      kind: z.enum(['defence', 'appeal']),
      appealBody: z.string().nullable(),
      filedOn: z.string(),
      statement: z.string(),
      outcome: z.enum(['pending', 'upheld', 'changed', 'revoked']),
      outcomeOn: z.string().nullable(),
      outcomeReason: z.string().nullable(),
      newDecisionId: z.string().nullable(),
      referral: z
        .object({
          body: z.string(),
          bodyName: z.string(),
          letterNo: z.string(),
          letterDocumentId: z.string().nullable().optional(),
          sentOn: z.string(),
          outcome: z.string(),
          outcomeOn: z.string().nullable(),
          outcomeReason: z.string().nullable(),
          outcomeForms: z.array(z.string()).nullable(),
          outcomeCompensationFen: z.number().nullable().optional().describe('FL-13: the amount to recover the body decided (fen); null: unchanged'),
          executedOn: z.string().nullable(),
        })
        .nullable()
        .optional()
        .describe('WC-11: the appeal sent to the outside body, and its decision'),
    }),
  ),
  executionItems: z.array(
    z.object({
      id: z.string(),
      decisionId: z.string(),
      subjectPersonId: z.string(),
      subjectName: z.string(),
      kind: z.string(),
      citation: z.string(),
      year: z.number().nullable(),
      unitId: z.string().nullable(),
      amountFen: z.number().nullable(),
      paidFen: z.number(),
      payments: z.array(z.object({ id: z.string(), amountFen: z.number(), paidOn: z.string(), note: z.string().nullable() })),
      status: z.enum(['open', 'done', 'cancelled', 'reversed']),
      doneOn: z.string().nullable(),
      result: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  replies: z.array(z.object({ kind: z.string(), repliedOn: z.string(), text: z.string() })).nullable().describe('clerks only'),
  reporter: z.object({ present: z.boolean(), anonymous: z.boolean() }).nullable().describe('clerks only; the identity has its own audited endpoint'),
  recommendation: z
    .object({ id: z.string(), evaluatedAt: z.string(), status: z.string(), stale: z.boolean().describe('findings changed after it: evaluate again before deciding') })
    .nullable()
    .describe('the latest rules-engine receipt (staff only)'),
  respondBy: z
    .object({ notifiedOn: z.string(), dueDate: z.string(), days: z.number().int(), dayKind: z.enum(['working', 'calendar']), citation: z.string(), provisional: z.boolean(), waived: z.boolean().describe('the subject waived the defence in writing at service'), waiverNote: z.string().nullable() })
    .nullable()
    .optional()
    .describe('the subject only: the deadline to state a defence (WC-11, pack parameter defencePeriod)'),
  allowedActions: z.array(allowedActionOut),
  abilities: z
    .object({
      readTimeline: z.boolean(),
      readFindingHistory: z.boolean(),
      readReporter: z.boolean(),
      readDocuments: z.boolean(),
      draftDocuments: z.boolean(),
      issueDocuments: z.boolean(),
      evaluateRules: z.boolean(),
      decideDisclosure: z.boolean().describe('FL-7(7), WC-11: decides a request to show evidence to the subject (a legal-affairs clerk)'),
    })
    .optional()
    .describe('what else the caller may do with the case (src/policies/cases.ts#caseAbilities); the steps are allowedActions'),
  recusalBlocked: z
    .array(
      z.object({
        action: z.enum(CASE_ACTIONS),
        labelZh: z.string(),
        labelEn: z.string(),
        kind: z.enum(['recusal', 'separation']),
        reasons: z.array(z.object({ zh: z.string(), en: z.string(), basisZh: z.string(), basisEn: z.string() })),
      }),
    )
    .describe('steps the caller’s role would allow but from which they must stand aside (回避 / 调查与决定分离), with why'),
  actingFor: z.object(bi).nullable().describe('the caller acts for a conflicted main leader on this case (deputy)'),
});

export const actionResultOut = z.object({
  case: caseOut,
  created: z.object({ kind: z.string(), id: z.string() }).nullable(),
});

/** With `Prefer: return=minimal` (RFC 7240) an action answers only what changed; GET the case for the rest. */
export const actionMinimalOut = z.object({
  caseId: z.string(),
  version: z.number().int(),
  state: z.string(),
  created: z.object({ kind: z.string(), id: z.string() }).nullable(),
});

export const intakeOut = z.object({
  case: caseOut,
  receiptCode: z.string().nullable().describe('shown once: give it to the reporter; only its hash is stored'),
});

export const caseListOut = z.object({
  total: z.number().int(),
  totalCapped: z.boolean().describe('search (q) only: more cases match than `total` (the count stops at 1000; shown as "1000+")'),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      state: z.enum(CASE_STATES),
      stateLabelZh: z.string(),
      stateLabelEn: z.string(),
      tracks: z.array(z.enum(TRACKS)),
      source: z.enum(SOURCES),
      receivedOn: z.string(),
      summary: z.string().nullable(),
      subjects: z.array(z.object({ personId: z.string(), name: z.string() })),
      deadlines: z.array(deadlineOut),
      version: z.number().int(),
      updatedAt: z.string(),
      /** issue 11: the organisation the case belongs to (a supervisor sees several) */
      orgId: z.string(),
    }),
  ),
});

export const timelineOut = z.object({
  items: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actorId: z.string().nullable(),
      actorName: z.string(),
      action: z.string(),
      labelZh: z.string(),
      labelEn: z.string(),
      citation: z.string().nullable(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      data: z.record(z.string(), z.unknown()).nullable(),
      marks: z.array(z.object({ kind: z.string(), ...bi })).describe('acting for a conflicted leader, back-dated, dual role'),
    }),
  ),
});

/** WC-5: an original case with a WC-5 outcome and no accountability case (the clerks' signals) */
export const wc5SignalOut = z.object({
  originalCaseId: z.string(),
  originalCaseNumber: z.string(),
  title: z.string(),
  outcomeId: z.string(),
  source: z.string(),
  referenceNo: z.string(),
  referenceDate: z.string(),
  issuer: z.string().nullable(),
});

const queueCase = { caseId: z.string(), number: z.string() };
export const queueOut = z.object({
  userId: z.string(),
  /** issue 14 point 5: the page of each list; `counts` are the totals */
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.object({ waiting: z.number().int(), dueSoon: z.number().int(), overdue: z.number().int() }),
  /** issue 14 point 5: a count is exact up to `countCap` (999); `true` here: more than that (the UI shows "999+") */
  countsCapped: z.object({ waiting: z.boolean(), dueSoon: z.boolean(), overdue: z.boolean() }),
  countCap: z.number().int(),
  waiting: z.array(z.object({ ...queueCase, state: z.enum(CASE_STATES), stateLabelZh: z.string(), actions: z.array(z.object({ action: z.string(), labelZh: z.string(), labelEn: z.string(), citation: z.string() })) })),
  dueSoon: z.array(z.object({ ...queueCase, deadline: deadlineOut })),
  overdue: z.array(z.object({ ...queueCase, deadline: deadlineOut })),
  /** clerks: original cases with a WC-5 outcome and no accountability case (WC-5) */
  signals: z.array(wc5SignalOut).optional(),
});

export const reporterOut = z.object({
  reporter: z
    .object({
      anonymous: z.boolean(),
      name: z.string().nullable(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      email: z.string().nullable(),
      organisation: z.string().nullable(),
      /** the approved request this read relies on expires then (issue 9 §4) */
      grantExpiresAt: z.string(),
      /** the member of staff the reporter is linked to (issue 9 §7): by the register match at intake ('auto') or by a clerk */
      staffLink: z
        .object({ personId: z.string().nullable(), personName: z.string().nullable(), userId: z.string().nullable(), origin: z.enum(['clerk', 'auto']), confirmed: z.boolean() })
        .nullable(),
    })
    .nullable(),
});

