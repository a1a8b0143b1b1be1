// Input and output shapes of the decision body's register and its meetings (zod; routes expose
// them in OpenAPI).
import { z } from 'zod';
import { dateSchema } from '../../domain/cases/schemas';
import { FORM_IDS } from '../../domain/cases/citations';

const id = z.string().min(1).max(64);
const optText = (max = 4000) => z.string().trim().max(max).optional();
const formEnum = z.enum(FORM_IDS as [string, ...string[]]);

export const memberAddSchema = z.object({ userId: id, title: optText(100), sortOrder: z.number().int().min(0).max(10_000).optional() });
export const memberUpdateSchema = z.object({
  title: optText(100),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
  /** why the member is taken off (required while a case of the organisation waits for the body) */
  reason: optText(500),
});

export const meetingCreateSchema = z.object({
  caseId: id,
  purpose: z.enum(['registration', 'decision', 'appeal']),
  appealId: id.optional(),
  heldOn: dateSchema,
  chairUserId: id,
  /** why a meeting held more than the back-dating limit ago is entered only now (FL-5(1)) */
  backdateReason: optText(1000),
  /** why the body meets again on a matter a meeting of this case has not been carried out on (FL-15) */
  reconveneReason: optText(1000),
});

export const attendanceSchema = z.object({
  userId: id,
  attendance: z.enum(['present', 'absent', 'recused']),
  /** required when recused: the member's declared reason (自行回避) */
  recusalReason: optText(1000),
});

export const opinionSchema = z.object({
  userId: id,
  /** registration: register (立案) or not */
  register: z.boolean().optional(),
  /** decision: the forms the member supports per subject */
  items: z.array(z.object({ subjectPersonId: id, noAccountability: z.boolean().default(false), forms: z.array(formEnum).max(10).default([]) })).max(50).optional(),
  /** appeal decision */
  outcome: z.enum(['upheld', 'changed', 'revoked']).optional(),
  forms: z.array(formEnum).max(10).optional(),
  /** the opinion in the member's words, for the minutes */
  remark: optText(4000),
});

export const minutesSchema = z.object({ minutes: z.string().trim().max(20_000) });
export const closeSchema = z.object({
  /** close although some present members have not confirmed: they are listed on the record */
  closeWithMissingConfirmations: z.boolean().default(false),
  minutes: optText(20_000),
});

const tallyOut = z.object({ winner: z.string().nullable(), counts: z.array(z.object({ key: z.string(), count: z.number() })), voters: z.number() });
const reasonOut = z.object({ zh: z.string(), en: z.string(), citation: z.string() });

const registerPersonOut = z.object({ name: z.string(), unitName: z.string(), post: z.string().nullable() });
export const memberOut = z.object({
  id: z.string(),
  orgId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  /** the account's register person (name, unit, post); null for an account not linked */
  person: registerPersonOut.nullable(),
  title: z.string().nullable(),
  sortOrder: z.number(),
  /** on the roster (not taken off); `active` also needs an active account */
  onRoster: z.boolean(),
  active: z.boolean(),
  hasDeciderRole: z.boolean(),
  /** since when the row has been on the roster (first added) */
  addedAt: z.string(),
  /** 0595: when, by whom and why the member was taken off the roster (null while a member) */
  deactivatedAt: z.string().nullable(),
  deactivatedByName: z.string().nullable(),
  deactivationReason: z.string().nullable(),
});

/** FL-15: an account the clerk may put on the roster (addDecisionBodyMember accepts it). */
export const candidateOut = z.object({ userId: z.string(), displayName: z.string(), person: registerPersonOut.nullable(), formerMember: z.boolean() });
/** FL-15: whether a case waits for the body (taking a member off then needs a reason), with the first five case numbers (`more`: there are others). */
export const awaitingOut = z.object({ reasonRequired: z.boolean(), caseNumbers: z.array(z.string()), more: z.boolean() });

export const meetingMemberOut = z.object({
  userId: z.string(),
  displayName: z.string(),
  title: z.string().nullable(),
  attendance: z.enum(['present', 'absent', 'recused']),
  recusalKind: z.enum(['automatic', 'declared']).nullable(),
  recusalReason: z.string().nullable(),
  opinion: z.record(z.string(), z.unknown()).nullable(),
  opinionBy: z.string().nullable(),
  confirmed: z.boolean(),
  mayChair: z.boolean(),
});

export const meetingOut = z.object({
  id: z.string(),
  caseId: z.string(),
  purpose: z.enum(['registration', 'decision', 'appeal']),
  appealId: z.string().nullable(),
  heldOn: z.string(),
  chairUserId: z.string(),
  chairName: z.string(),
  status: z.enum(['open', 'closed']),
  minutes: z.string().nullable(),
  members: z.array(meetingMemberOut),
  quorum: z.object({ members: z.number(), recused: z.number(), present: z.number(), eligible: z.number(), required: z.number(), quorate: z.boolean(), soleMember: z.boolean() }),
  result: z.object({ matter: tallyOut.optional(), subjects: z.array(z.object({ subjectPersonId: z.string(), tally: tallyOut })).optional() }).nullable(),
  missingConfirmations: z.array(z.string()),
  dualRoles: z.array(reasonOut.extend({ userId: z.string() })),
  ruleEvaluationId: z.string().nullable(),
  carriedOutByStep: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type MeetingOut = z.infer<typeof meetingOut>;
