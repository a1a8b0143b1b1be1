// Issue 7 points 6–9 (impartial process, execution side): evidence disclosure to the subject,
// WC-5 signals in the clerks' queue, post history of the people register, and the outside
// supervisory bodies of WC-11 (their appeal files, snapshots and decisions).
import { z } from 'zod';
import { setEvidenceDisclosure } from '../../services/cases';
import { disclosureInputSchema } from '../../services/cases/evidence';
import { wc5SignalOut } from '../../services/cases/schemas-out';
import { dismissSignalSchema, dismissWc5Signal, listWc5Signals } from '../../services/cases/wc5-signals';
import { getPostHistory } from '../../services/registers';
import { decideMyReferral, getMyReferral, listMyReferrals, membershipSchema, setSupervisorBody, supervisionDecisionSchema } from '../../services/supervision/service';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const id = z.string().min(1).max(64);


const referralSummaryOut = z.object({
  id: z.string(),
  caseNumber: z.string(),
  appellantName: z.string(),
  body: z.string(),
  bodyName: z.string(),
  letterNo: z.string(),
  sentOn: z.string(),
  outcome: z.enum(['pending', 'upheld', 'changed', 'revoked']),
  outcomeOn: z.string().nullable(),
  executedOn: z.string().nullable(),
  letter: z.object({ documentId: z.string(), version: z.number().int(), docNumber: z.string().nullable(), title: z.string() }).nullable(),
});
const referralDetailOut = referralSummaryOut.extend({
  snapshot: z.record(z.string(), z.unknown()),
  outcomeReason: z.string().nullable(),
  outcomeForms: z.array(z.string()).nullable(),
  outcomeCompensationFen: z.number().nullable().describe('FL-13: the amount to recover the body decided with a changed decision (fen); null: unchanged'),
});

const postHistoryOut = z.object({
  id: z.string(),
  personId: z.string(),
  fromUnitId: z.string(),
  fromUnitName: z.string().nullable(),
  toUnitId: z.string(),
  toUnitName: z.string().nullable(),
  fromPost: z.string().nullable(),
  toPost: z.string().nullable(),
  effectiveDate: z.string(),
  reason: z.string(),
  caseId: z.string().nullable(),
  executionItemId: z.string().nullable(),
  reversesId: z.string().nullable(),
  actorId: z.string().nullable(),
  recordedAt: z.string(),
});

export const supervisionRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/v1/cases/:id/evidence/:evidenceId/disclosure',
    {
      schema: {
        tags: ['case actions'],
        summary: '设定证据是否向被调查人公开（WC-11） / Disclose evidence to the subject (WC-11)',
        params: z.object({ id, evidenceId: id }),
        body: disclosureInputSchema,
        response: { 200: z.object({ id: z.string(), disclosable: z.boolean(), disclosureRequested: z.boolean().describe('a team investigator’s request waits for a legal-affairs clerk (FL-7(7), WC-11)') }) },
      },
    },
    async (req) => setEvidenceDisclosure(ctxOf(req, deps), req.params.id, req.params.evidenceId, req.body),
  );

  app.get('/api/v1/wc5-signals', { schema: { tags: ['cases'], summary: '错案信号：有 WC-5 结果而未立案的原执法案件 / WC-5 signals', response: { 200: z.object({ items: z.array(wc5SignalOut) }) } } }, async (req) => ({
    items: await listWc5Signals(ctxOf(req, deps)),
  }));

  app.post(
    '/api/v1/wc5-signals/:originalCaseId/dismiss',
    {
      schema: {
        tags: ['cases'],
        summary: '不予立案说明（WC-5 信号） / Dismiss a WC-5 signal with a reason',
        params: z.object({ originalCaseId: id }),
        body: dismissSignalSchema,
        response: { 200: z.object({ id: z.string(), originalCaseId: z.string(), outcomeId: z.string() }) },
      },
    },
    async (req) => dismissWc5Signal(ctxOf(req, deps), req.params.originalCaseId, req.body),
  );

  app.get(
    '/api/v1/people/:id/post-history',
    { schema: { tags: ['registers'], summary: '人员岗位变动历史 / A person’s post history', params: z.object({ id }), response: { 200: z.object({ items: z.array(postHistoryOut) }) } } },
    async (req) => ({ items: await getPostHistory(ctxOf(req, deps), req.params.id) }),
  );

  app.get(
    '/api/v1/supervision/referrals',
    {
      schema: {
        tags: ['supervision'],
        summary: '移送本机关的申诉（WC-11） / Appeals sent to my body (WC-11)',
        response: { 200: z.object({ body: z.string().nullable(), bodyName: z.string().nullable(), items: z.array(referralSummaryOut) }) },
      },
    },
    async (req) => listMyReferrals(ctxOf(req, deps)),
  );

  app.get(
    '/api/v1/supervision/referrals/:id',
    { schema: { tags: ['supervision'], summary: '申诉材料（移送时的案卷快照，只读） / An appeal file (read-only snapshot)', params: z.object({ id }), response: { 200: referralDetailOut } } },
    async (req) => getMyReferral(ctxOf(req, deps), req.params.id),
  );

  app.post(
    '/api/v1/supervision/referrals/:id/decision',
    {
      schema: {
        tags: ['supervision'],
        summary: '作出申诉决定（维持/变更/撤销） / Decide the appeal',
        params: z.object({ id }),
        body: supervisionDecisionSchema,
        response: { 200: referralDetailOut },
      },
    },
    async (req) => decideMyReferral(ctxOf(req, deps), req.params.id, req.body),
  );

  app.put(
    '/api/v1/supervision/members/:userId',
    {
      schema: {
        tags: ['supervision'],
        summary: '设定外部监督机关账号所属机关 / Assign a supervisor account to its body',
        params: z.object({ userId: id }),
        body: membershipSchema,
        response: { 200: z.object({ userId: z.string(), body: z.string(), bodyName: z.string() }) },
      },
    },
    async (req) => setSupervisorBody(ctxOf(req, deps), req.params.userId, req.body),
  );
};
