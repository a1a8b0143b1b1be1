// The engine's input (case facts) and output (recommendation), declared once with zod 4:
// the runtime check, the TypeScript types and the JSON Schema in docs/rules/*.schema.json
// (regenerate with `node --import tsx src/rules/scripts/write-schemas.ts`; a test fails
// when the files are stale).
//
// The schemas know no article numbers: citations are plain strings of the form `XX-8(2)`;
// which citations are valid in each slot is the rule pack's vocabulary, checked by evaluate().
import { z } from 'zod';

const Citation = z
  .string()
  .regex(/^[A-Z]{1,8}-\d{1,3}(\(\d{1,3}\))?$/, 'a citation like FL-8(2) or WC-8')
  .describe('A citation: measure id, article, optional item, e.g. FL-8(2) or WC-8.');
const IsoDate = z.iso.date().describe('A calendar date, YYYY-MM-DD (China Standard Time).');
const Id = z.string().min(1).max(64);

export const ERROR_ORIGINS = [
  'handler',
  'approval_oversight',
  'collective_decision',
  'leader_instruction',
  'unqualified_enforcement',
  'non_performance',
] as const;
export type ErrorOrigin = (typeof ERROR_ORIGINS)[number];

export const OPINIONS = ['insisted', 'agreed', 'dissented', 'silent'] as const;
export type Opinion = (typeof OPINIONS)[number];

export const CULPABILITIES = ['intent', 'gross_negligence', 'negligence', 'none', 'undetermined'] as const;
export type Culpability = (typeof CULPABILITIES)[number];

export const CASE_KINDS = ['penalty', 'licence', 'compulsory_measure', 'inspection', 'other'] as const;

export const RoleSchema = z
  .discriminatedUnion('role', [
    z.strictObject({ role: z.literal('handler') }).describe('承办人: handled the original enforcement case.'),
    z
      .strictObject({
        role: z.literal('approver'),
        level: z.int().min(1).max(20).describe('Approval level: 1 = first; the highest level present is the last approver.'),
      })
      .describe('批准人 at an approval level.'),
    z
      .strictObject({
        role: z.literal('collective_member'),
        opinion: z
          .enum(OPINIONS)
          .describe(
            'Opinion on record: insisted on the decided (wrong) opinion, agreed, dissented, or silent.',
          ),
        chair: z.boolean().optional().describe('主持研究决定人: chaired the deliberation.'),
      })
      .describe('Member of the collective deliberation (集体研究决定) that decided the original case.'),
    z
      .strictObject({ role: z.literal('instructing_leader') })
      .describe('负责人 who suggested or directed (授意或指使) the handler to break the law.'),
    z
      .strictObject({
        role: z.literal('assigner'),
        assignedIds: z.array(Id).min(1).describe('Participants this person assigned to the enforcement.'),
      })
      .describe('The person who assigned the handler(s) (用人者).'),
    z
      .strictObject({ role: z.literal('direct_responsible') })
      .describe('直接责任人 for a duty not performed or performed perfunctorily.'),
  ])
  .describe("A participant's role in the original enforcement case.");
export type ParticipantRole = z.infer<typeof RoleSchema>;

export const PriorCaseSchema = z
  .strictObject({
    ref: z.string().min(1).max(100),
    conductDate: IsoDate.optional().describe('When the earlier conduct happened (defaults to decidedOn).'),
    decidedOn: IsoDate,
    heldAccountable: z.boolean().describe('Whether the decided case held this person accountable.'),
  })
  .describe("A decided accountability case in the subject's history.");
export type PriorCase = z.infer<typeof PriorCaseSchema>;

export const ParticipantSchema = z
  .strictObject({
    id: Id,
    name: z.string().min(1).max(100),
    unitId: Id.optional(),
    unitName: z.string().max(200).optional(),
    enforcementStaff: z
      .boolean()
      .optional()
      .describe('Whether the person is enforcement staff (default true); the measures apply only to them.'),
    subject: z
      .boolean()
      .optional()
      .describe(
        'Whether the person is a subject with a finding of their own (default true). A participant with subject=false only gives context (approval levels, who was assigned) and is never held responsible.',
      ),
    roles: z.array(RoleSchema).max(20),
    faults: z.array(Citation).max(30).optional().describe('Fault items found, e.g. FL-7(3), WC-6(5).'),
    culpability: z
      .enum(CULPABILITIES)
      .optional()
      .describe('Intent, gross negligence, negligence, none, or undetermined (default).'),
    circumstances: z
      .array(Citation)
      .max(30)
      .optional()
      .describe('Mitigating or aggravating items found, e.g. FL-9(2), FL-10(1), WC-7(4), WC-8.'),
    crimeSuspected: z.boolean().optional().describe("Whether this person's conduct is suspected to be a crime."),
    disciplineSuspected: z
      .boolean()
      .optional()
      .describe('Whether this person is suspected of a breach of discipline (违纪): referral to the discipline inspection body.'),
    illegalitySuspected: z
      .boolean()
      .optional()
      .describe('Whether this person is suspected of an illegal act by a public official (违法, short of crime): referral to the supervision commission.'),
    priorCases: z.array(PriorCaseSchema).max(200).optional(),
  })
  .describe('A person in the original enforcement case, evaluated as a subject.');
export type Participant = z.infer<typeof ParticipantSchema>;

export const CertificateSchema = z
  .strictObject({
    holderId: Id,
    number: z.string().min(1).max(64),
    validFrom: IsoDate,
    validTo: IsoDate,
    statusHistory: z
      .array(z.strictObject({ status: z.enum(['valid', 'suspended', 'revoked']), from: IsoDate }))
      .max(50)
      .optional()
      .describe('Status changes in date order; before the first entry the certificate is valid.'),
  })
  .describe('An enforcement certificate (行政执法证) from the register.');
export type Certificate = z.infer<typeof CertificateSchema>;

const FactsObject = z
  .strictObject({
    schemaVersion: z.literal(1).optional(),
    caseRef: z.string().max(100).optional(),
    conductDate: IsoDate.describe('When the conduct under review happened: selects the rule pack in force.'),
    decisionDate: IsoDate.optional().describe('Date of the accountability decision, if known (its year is "that year").'),
    originalCase: z.strictObject({
      ref: z.string().max(100).optional(),
      kind: z.enum(CASE_KINDS),
      decisionDate: IsoDate.optional(),
    }),
    wrongCase: z.strictObject({
      isWrongCase: z.boolean().describe('Found a wrong case on investigation (经调查属实).'),
      source: Citation.optional().describe('The wrong-case source item, e.g. WC-5(3).'),
      reference: z.string().max(200).optional().describe('Decision no. / date of the source document.'),
    }),
    errorOrigins: z.array(z.enum(ERROR_ORIGINS)).max(6).describe('Where the error originated.'),
    consequences: z.strictObject({
      adverse: z.boolean().optional().describe('不良后果: some adverse consequence (implied by serious).'),
      serious: z.boolean().optional().describe('后果严重.'),
      badInfluence: z.boolean().optional().describe('影响恶劣.'),
      stateCompensation: z
        .strictObject({ paid: z.boolean(), amountYuan: z.number().min(0).max(1e12) })
        .optional()
        .describe('State compensation paid because of the error, in yuan.'),
    }),
    participants: z.array(ParticipantSchema).min(1).max(200),
    certificates: z
      .array(CertificateSchema)
      .max(2000)
      .optional()
      .describe('Certificate register extract. When present it is authoritative for every participant.'),
  })
  .meta({ id: 'Facts', title: 'Case facts for the rules engine' });

export const FactsSchema = FactsObject.superRefine((f, ctx) => {
  const ids = new Set<string>();
  f.participants.forEach((p, i) => {
    if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['participants', i, 'id'], message: `duplicate id ${p.id}` });
    ids.add(p.id);
  });
  f.participants.forEach((p, i) => {
    p.roles.forEach((r, j) => {
      if (r.role === 'assigner') {
        for (const a of r.assignedIds) {
          if (!ids.has(a)) {
            ctx.addIssue({
              code: 'custom',
              path: ['participants', i, 'roles', j, 'assignedIds'],
              message: `unknown participant ${a}`,
            });
          }
        }
      }
    });
    const levels = p.roles.filter((r) => r.role === 'approver');
    if (levels.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['participants', i, 'roles'], message: 'one approver role per person' });
    }
    if (p.roles.filter((r) => r.role === 'collective_member').length > 1) {
      ctx.addIssue({ code: 'custom', path: ['participants', i, 'roles'], message: 'one collective_member role per person' });
    }
  });
  f.certificates?.forEach((c, i) => {
    if (c.validTo < c.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['certificates', i, 'validTo'], message: 'validTo before validFrom' });
    }
  });
});
export type Facts = z.infer<typeof FactsSchema>;

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const BilingualText = { zh: z.string(), en: z.string() };

export const TraceLineSchema = z.object({
  ruleId: Citation,
  subjectId: z.string().nullable(),
  outcome: z.enum(['selected', 'fired', 'derived', 'not_applied', 'overridden', 'conflict', 'info']),
  textZh: z.string().describe('The original Chinese text of the cited provision.'),
  ...BilingualText,
});

export const WarningSchema = z.object({
  code: z.enum([
    'higher_law_limit',
    'human_judgement',
    'precondition_not_met',
    'inconsistent_findings',
    'derived_only',
    'register_mismatch',
    'missing_data',
  ]),
  severity: z
    .enum(['error', 'attention', 'note'])
    .describe('error: the findings cannot all be true or contradict the register; attention: a person must act or judge; note: for the record.'),
  subjectId: z.string().nullable(),
  ruleIds: z.array(Citation).min(1),
  ...BilingualText,
});

export const ConflictSchema = z.object({
  subjectId: z.string().nullable(),
  ruleIds: z.array(Citation).min(2),
  ...BilingualText,
});

export const FormRefSchema = z.object({
  id: z.string(),
  rung: z.int(),
  zh: z.string(),
  en: z.string(),
  citations: z.array(Citation),
});

export const FormRangeSchema = z.object({
  exemptionAvailable: z.boolean(),
  min: FormRefSchema.nullable(),
  max: FormRefSchema.nullable(),
  minRung: z.int().describe('0 = exemption available'),
  maxRung: z.int(),
  permitted: z.array(FormRefSchema),
  citations: z.array(Citation),
});

export const REFERRAL_BODIES = ['discipline_inspection', 'supervision_commission', 'judicial'] as const;
export type ReferralBody = (typeof REFERRAL_BODIES)[number];

export const MandatorySchema = z.object({
  kind: z.enum(['judicial_transfer', 'compensation_recovery', 'award_bar_person', 'award_bar_unit', 'report_to_authorities', 'disciplinary_sanction']),
  body: z
    .enum(REFERRAL_BODIES)
    .optional()
    .describe('A referral duty: the receiving body — 纪检监察机关 (discipline_inspection), 监察委员会 (supervision_commission) or 司法机关 (judicial).'),
  ruleIds: z.array(Citation).min(1),
  conditional: z.boolean().describe('Applies only if the person is in fact held accountable (not exempted).'),
  unitId: z.string().nullable(),
  year: z.int().nullable().describe('The year it applies to, when the decision date is known.'),
  ...BilingualText,
});

export const CompensationSchema = z.object({
  recoverable: z.boolean(),
  shareRatio: z.number(),
  indicativeAmountYuan: z.number(),
  upToYuan: z.number(),
  ruleIds: z.array(Citation).min(1),
  reason: z.object(BilingualText).describe('Why recovery is or is not allowed from this person (SCL-16: intent or gross negligence only).'),
});

export const SubjectRecommendationSchema = z.object({
  subjectId: z.string(),
  name: z.string(),
  unitId: z.string().nullable(),
  responsibility: z.enum(['primary', 'accountable', 'as_appropriate', 'none']),
  responsibilityBasis: z.array(Citation),
  treatment: z.enum(['lighter_or_exempt', 'lighter', 'normal', 'heavier']).nullable(),
  treatmentBasis: z.array(Citation),
  overridden: z.array(Citation).describe('Circumstances that applied but were overridden by higher-priority ones.'),
  band: z.enum(['ordinary', 'serious', 'criminal']),
  bandBasis: z.array(Citation),
  forms: FormRangeSchema.nullable(),
  faults: z.array(Citation),
  circumstances: z.array(Citation),
  derived: z.array(Citation).describe('Citations the engine derived (never typed in).'),
  mandatory: z.array(MandatorySchema),
  compensation: CompensationSchema.nullable(),
  conflict: ConflictSchema.nullable(),
});

export const PolicyNoteSchema = z
  .object({
    parameter: z.string().describe('The pack parameter (and field) that decided, e.g. repeatViolation.lookbackYears.'),
    subjectId: z.string().nullable(),
    ruleIds: z.array(Citation).min(1),
    policy: z.object(BilingualText).describe('The result under the policy parameter (labelled 政策参数 / policy wherever shown).'),
    textOnly: z.object(BilingualText).describe('The result by the text of the measures alone.'),
  })
  .describe('Issue 10 point 12: a result moved by a policy parameter, with the text-only result beside it.');

const PackRef = z.object({
  id: z.string(),
  title: z.object(BilingualText),
  validFrom: IsoDate,
  validTo: IsoDate.nullable(),
});

const Evaluated = z.object({
  status: z.enum(['ok', 'conflict']),
  pack: PackRef,
  conductDate: IsoDate,
  caseRef: z.string().nullable(),
  wrongCase: z.object({ isWrongCase: z.boolean(), source: Citation.nullable(), trackApplies: z.boolean() }),
  subjects: z.array(SubjectRecommendationSchema),
  caseConsequences: z.array(MandatorySchema),
  conflicts: z.array(ConflictSchema),
  warnings: z.array(WarningSchema),
  /** absent in receipts stored before issue 10 point 12 */
  policies: z.array(PolicyNoteSchema).optional(),
  trace: z.array(TraceLineSchema),
  explanation: z.object(BilingualText),
});

const NoRulesInForce = z.object({
  status: z.literal('no_rules_in_force'),
  conductDate: IsoDate,
  caseRef: z.string().nullable(),
  packs: z.array(PackRef).describe('The packs that were considered, none in force on the conduct date.'),
  warnings: z.array(WarningSchema),
  trace: z.array(TraceLineSchema),
  explanation: z.object(BilingualText),
});

export const RecommendationSchema = z
  .union([Evaluated, NoRulesInForce])
  .meta({ id: 'Recommendation', title: 'Rules engine recommendation' });
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type EvaluatedRecommendation = z.infer<typeof Evaluated>;
export type NoRulesInForceResult = z.infer<typeof NoRulesInForce>;
export type SubjectRecommendation = z.infer<typeof SubjectRecommendationSchema>;

/** JSON Schema (draft 2020-12) of the facts, as published in docs/rules/facts.schema.json. */
export function factsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FactsObject, { io: 'input' }) as Record<string, unknown>;
}

/** JSON Schema of the recommendation, as published in docs/rules/recommendation.schema.json. */
export function recommendationJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RecommendationSchema, { io: 'output' }) as Record<string, unknown>;
}
