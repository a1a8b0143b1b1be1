// Rules-engine receipts on cases (issue 3), the departures report and ad-hoc evaluation.
import { z } from 'zod';
import { FactsSchema, RecommendationSchema } from '../../rules';
import { FormRefSchema } from '../../rules/schema';
import { REGISTERED_PACKS } from '../../rules/registry';
import { AppError } from '../../errors';
import { authorize } from '../../policies/roles';
import { departuresReport, evaluateFacts, latestRecommendationForCase, recommendForCase } from '../../services/cases/recommendation-service';
import { awardBars } from '../../services/cases/reports';
import { listReferrals, recordReferral } from '../../services/cases/referrals';
import { REFERRAL_BODIES } from '../../rules/schema';
import { departuresOf, NO_RANGE } from '../../rules/decision-check';
import { rangeOfForms } from '../../services/cases/recommendation';
import { legalVocabulary } from '../../services/cases/legal-vocabulary';
import { ctxOf } from '../plugins/auth';
import type { App } from '../types';
import type { Deps } from '../../services/context';

const receiptOut = z.object({
  id: z.string(),
  caseId: z.string(),
  evaluatedAt: z.string(),
  actorId: z.string().nullable(),
  pack: z.object({ id: z.string(), version: z.string(), hash: z.string().describe('SHA-256 of the rule pack content') }).nullable(),
  inputs: z.record(z.string(), z.unknown()).describe('the facts given to the engine (schema: Facts)'),
  output: RecommendationSchema,
  findingSubjectIds: z.array(z.string()).optional().describe('subjects with a current finding: the only people recommended for; other participants are 非本案被调查人'),
});

export function caseRulesRoutes(app: App, deps: Deps): void {
  const params = z.object({ id: z.string().min(1).max(64) });
  app.post(
    '/api/v1/cases/:id/recommendation',
    { schema: { tags: ['rules'], summary: '按案件事实请求规则引擎建议并留存回执 / Evaluate the case and store the receipt', params, response: { 201: receiptOut } } },
    async (req, reply) => reply.status(201).send(await recommendForCase(ctxOf(req, deps), req.params.id)),
  );
  app.get(
    '/api/v1/cases/:id/recommendation',
    { schema: { tags: ['rules'], summary: '最近一次规则引擎建议 / The latest recommendation receipt', params, response: { 200: receiptOut } } },
    async (req) => latestRecommendationForCase(ctxOf(req, deps), req.params.id),
  );
  // Issue 10 point 3: WC-9(3)/FL-12 referral duties, each recorded as made (with its letter) or waived.
  const referralOut = z.object({
    subjectPersonId: z.string(),
    body: z.enum(REFERRAL_BODIES),
    ruleIds: z.array(z.string()),
    status: z.enum(['pending', 'made', 'waived']),
    madeOn: z.string().nullable(),
    documentRef: z.string().nullable(),
    documentId: z.string().nullable(),
    waivedReason: z.string().nullable(),
    decisionId: z.string().nullable(),
    recordedAt: z.string().nullable(),
  });
  app.get(
    '/api/v1/cases/:id/referrals',
    { schema: { tags: ['rules'], summary: '报告、移送义务及登记情况（WC-9(3)、FL-12） / Referral duties and how each was dealt with', params, response: { 200: z.object({ items: z.array(referralOut) }) } } },
    async (req) => listReferrals(ctxOf(req, deps), req.params.id),
  );
  app.post(
    '/api/v1/cases/:id/referrals',
    {
      schema: {
        tags: ['rules'],
        summary: '登记报告、移送（已移送附文书，或不移送并说明理由） / Record a referral as made (with its letter) or waived (with a reason)',
        params,
        body: z.object({
          subjectPersonId: z.string().min(1).max(64),
          body: z.enum(REFERRAL_BODIES),
          status: z.enum(['made', 'waived']),
          madeOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
          documentRef: z.string().trim().max(200).optional(),
          documentId: z.string().min(1).max(64).optional(),
          waivedReason: z.string().trim().max(4000).optional(),
        }),
        response: { 200: referralOut },
      },
    },
    async (req) => recordReferral(ctxOf(req, deps), req.params.id, req.body),
  );
  // Issue 10 point 14: the web reads the legal vocabulary and the departure rule from here (the
  // pack, through the server), never from shared code.
  const labels = z.record(z.string(), z.string());
  app.get(
    '/api/v1/rules/vocabulary',
    {
      schema: {
        tags: ['rules'],
        summary: '规则包的条款词汇（过错、情节、追究方式、错案来源） / The pack’s item vocabulary (faults, circumstances, forms, wrong-case sources)',
        response: {
          200: z.object({
            packId: z.string(),
            faults: labels,
            circumstances: labels,
            typedCircumstanceIds: z.array(z.string()),
            forms: labels,
            formIds: z.array(z.string()),
            consequenceForms: z.array(z.string()),
            citationLabels: labels,
            wc5Sources: z.array(z.object({ id: z.string(), label: z.string() })),
            executionKinds: z
              .record(z.string(), z.object({ zh: z.string(), en: z.string(), forms: z.array(z.string()), referral: z.boolean() }))
              .describe('执行事项种类及其标签、产生它的追究方式 / execution item kinds: labels and the forms that create them'),
            sanctionKinds: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })).describe('处分种类 / kinds of formal sanction'),
          }),
        },
      },
    },
    async (req) => {
      authorize(ctxOf(req, deps).actor, 'rules.read');
      return legalVocabulary();
    },
  );
  app.post(
    '/api/v1/rules/departures',
    {
      schema: {
        tags: ['rules'],
        summary: '按偏离规则检查处理方式（与处理决定步骤同一规则） / The departure rule applied to draft decision items (the decision step’s own rule)',
        body: z.object({
          items: z
            .array(
              z.object({
                noAccountability: z.boolean().default(false),
                forms: z.array(z.string().max(40)).max(20).default([]),
                range: z.object({ permitted: z.array(z.object({ citations: z.array(z.string().max(40)).max(20) })).max(40), exemptionAvailable: z.boolean() }).nullable(),
              }),
            )
            .max(50),
        }),
        response: { 200: z.object({ items: z.array(z.object({ departures: z.array(z.string()), permitted: z.array(z.string()) })) }) },
      },
    },
    async (req) => {
      authorize(ctxOf(req, deps).actor, 'cases.read');
      return {
        items: req.body.items.map((it) => {
          // no usable recommendation for this person: every choice is decided with its reason (NO_RANGE)
          if (!it.range) return { departures: departuresOf({ noAccountability: it.noAccountability, forms: it.forms }, NO_RANGE), permitted: [] };
          const range = rangeOfForms(it.range);
          return { departures: departuresOf({ noAccountability: it.noAccountability, forms: it.forms }, range), permitted: range.permitted };
        }),
      };
    },
  );
  app.get(
    '/api/v1/rules/packs/:packId/ladder',
    {
      schema: {
        tags: ['rules'],
        summary: '规则包的处理方式阶梯（由轻到重） / The pack’s ordered ladder of forms of accountability, lightest first',
        params: z.object({ packId: z.string().min(1).max(100) }),
        response: { 200: z.object({ packId: z.string(), items: z.array(FormRefSchema) }) },
      },
    },
    async (req) => {
      authorize(ctxOf(req, deps).actor, 'rules.read');
      const pack = REGISTERED_PACKS.find((p) => p.id === req.params.packId);
      if (!pack) throw new AppError('NOT_FOUND');
      return { packId: pack.id, items: pack.ladder.map((f) => ({ id: f.id, rung: f.rung, zh: f.zh, en: f.en, citations: [...f.citations] })) };
    },
  );
  app.post(
    '/api/v1/rules/evaluate',
    { schema: { tags: ['rules'], summary: '按给定事实评估（不留存） / Evaluate given facts (not stored)', body: FactsSchema, response: { 200: RecommendationSchema } } },
    async (req) => evaluateFacts(ctxOf(req, deps), req.body),
  );
  app.get(
    '/api/v1/reports/departures',
    {
      schema: {
        tags: ['reports'],
        summary: '偏离规则引擎建议的处理决定 / Decisions departing from the recommendation',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                caseId: z.string(),
                caseNumber: z.string(),
                decisionId: z.string(),
                decidedOn: z.string(),
                decisionStatus: z.enum(['in_force', 'superseded']),
                ruleEvaluationId: z.string().nullable(),
                subjectPersonId: z.string(),
                subjectName: z.string(),
                forms: z.array(z.string()),
                recommendedForms: z.array(z.string()),
                departedForms: z.array(z.string()),
                reason: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => departuresReport(ctxOf(req, deps), req.query),
  );

  const caseRef = z.object({
    caseId: z.string().nullable().describe('null: a case the reader may not be named (withheld)'),
    number: z.string(),
    citation: z.string(),
    imported: z.boolean().optional().describe('历史导入（上线前的处理决定）: caseId is the imported decision'),
    withheld: z.literal(true).optional().describe('FL-5(1), FL-7(7): 另案 — the bar stands, its case is one the reader reads from the subject’s perspective (he stands aside from it) and the bar is not his own: neither its id nor its number is given'),
  });
  app.get(
    '/api/v1/reports/award-bars',
    {
      schema: {
        tags: ['reports'],
        summary: '当年不得评先、晋升的人员和不得评为先进集体的单位（FL-14、WC-10(3)） / Award and promotion bars for a year',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            year: z.number().int(),
            people: z.array(z.object({ personId: z.string(), name: z.string(), unitName: z.string().nullable(), awards: z.boolean(), promotion: z.boolean(), assessment: z.boolean().optional().describe('FL-11 年度不予考核'), cases: z.array(caseRef) })),
            units: z.array(z.object({ unitId: z.string(), name: z.string(), cases: z.array(caseRef) })),
          }),
        },
      },
    },
    async (req) => awardBars(ctxOf(req, deps), req.query),
  );
}
