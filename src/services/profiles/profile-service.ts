// The officer profile (issue 12 part 4): one page per person — posts over time, certificates
// with their history, original cases they took part in (with WC-5 outcomes), accountability
// cases naming them as subject, the decisions (sanctions) about them and their execution, FL-14
// award bars, alerts, and the decisions imported from before go-live (historical_decisions,
// marked 历史导入: they count for FL-10(6) and FL-14 as decided ones do). What a viewer sees is decided in src/policies/profiles.ts; exported to
// Excel with the same content.
import { appendAudit } from '../../audit/audit-writer';
import { inTransaction } from '../../db/tx';
import { STATE_LABELS } from '../../domain/cases/states';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { mayOpenProfile, mayReadImportedHistory, mayReadProfileAlerts } from '../../policies/profiles';
import { historicalSubjects } from '../../repositories/history/history-repo';
import { mayReadOrg } from '../../policies/org-scope';
import { authorize } from '../../policies/roles';
import { ALERT_LEVEL_LABELS } from '../alerts/alert-rules';
import { queryAlerts, type AlertOut } from '../alerts/alerts-service';
import { decisionItemsOfSubject, executionItemsOfSubject, outcomesOfOriginalCases, personOrgId, postHistoryOf, visibleCasesOfSubject } from '../../repositories/profiles/profile-repo';
import { nowIso, type Ctx } from '../context';
import type { Column } from '../excel/sheets';
import { writeWorkbook } from '../excel/workbook';
import { findOriginalCaseInvolvements, getPeopleByIds, PARTICIPANT_ROLE_LABELS, ORIGINAL_CASE_KIND_LABELS, type CertificateDetail, type Person } from '../registers';
import { certificatesOfPerson, certificatesShownTo } from '../registers/certificates-service';
import { caseNamingOnPerson, CASE_WITHHELD } from '../../policies/cases';

export type OfficerProfile = {
  person: Person;
  posts: { effectiveDate: string; fromUnitName: string | null; toUnitName: string | null; fromPost: string | null; toPost: string | null; reason: string; caseId: string | null }[];
  certificates: CertificateDetail[];
  originalCases: { caseId: string; number: string; kind: string; title: string; decisionDate: string; roles: string[]; outcomes: { source: string; referenceNo: string; referenceDate: string; issuer: string | null }[] }[];
  accountabilityCases: { caseId: string; number: string; state: string; stateLabel: { zh: string; en: string }; tracks: string[]; receivedOn: string; decidedOn: string | null; closedOn: string | null }[];
  sanctions: { caseId: string; caseNumber: string; decidedOn: string; noAccountability: boolean; forms: string[]; status: string }[];
  /** amountFen: a recovery (FL-13) or a refund of it (退还, after WC-11), in fen */
  execution: { caseId: string; caseNumber: string; kind: string; citation: string; year: number | null; amountFen: number | null; status: string; doneOn: string | null }[];
  awardBars: { caseId: string; caseNumber: string; year: number | null; status: string }[];
  /** decisions imported from before go-live naming the person (always `imported: true`); null: not for this viewer */
  importedHistory: { decisionId: string; caseNumber: string; title: string | null; conductDate: string; decidedOn: string; noAccountability: boolean; forms: string[]; awardBarYear: number | null; unitAwardBar: boolean; importedAt: string; imported: true }[] | null;
  /** null: the viewer may not see alerts */
  alerts: AlertOut[] | null;
};

export async function getOfficerProfile(ctx: Ctx, personId: string): Promise<OfficerProfile> {
  authorize(ctx.actor, 'profiles.read');
  // Not allowed and not found look the same.
  const notFound = () => new AppError('NOT_FOUND', { zh: `人员 ${personId}`, en: `person ${personId}` });
  if (!mayOpenProfile(ctx.actor, personId)) throw notFound();
  const k = ctx.db.kysely;
  const [person] = await getPeopleByIds(k, [personId]);
  if (!person) throw notFound();
  // Organisation scope: a person of another organisation answers like a missing one.
  const ownerOrg = await personOrgId(k, personId);
  if (ownerOrg === null || !mayReadOrg(ctx.actor, ownerOrg)) throw notFound();
  const today = chinaDate(ctx.clock.now());

  const posts = await postHistoryOf(k, personId);
  const involvements = await findOriginalCaseInvolvements(k, personId);
  const outcomeRows = await outcomesOfOriginalCases(k, involvements.map((i) => i.caseId));

  // Only the cases this viewer may see (a subject: their own; an investigator: their team's).
  const cases = await visibleCasesOfSubject(k, ctx.actor, personId);
  const caseIds = cases.map((c) => c.id);
  const numberOf = new Map(cases.map((c) => [c.id, c.number]));
  const items = await decisionItemsOfSubject(k, personId, caseIds);
  const exec = await executionItemsOfSubject(k, personId, caseIds);

  // FL-5(1), FL-7(7): a post or certificate change a case ordered names that case only to whoever
  // reads it in full, or on one's own profile (src/policies/cases.ts#caseNamingOnPerson)
  const naming = await caseNamingOnPerson(k, ctx.actor, personId, posts.map((p) => p.case_id));
  const postShown = (p: (typeof posts)[number]) => (p.case_id && !naming.names(p.case_id) ? { reason: CASE_WITHHELD.reason, caseId: null } : { reason: naming.scrub(p.reason), caseId: p.case_id && numberOf.has(p.case_id) ? p.case_id : null });

  return {
    person,
    posts: posts.map((p) => ({ effectiveDate: p.effective_date, fromUnitName: p.from_unit_name, toUnitName: p.to_unit_name, fromPost: p.from_post, toPost: p.to_post, ...postShown(p) })),
    certificates: await certificatesShownTo(k, ctx.actor, personId, await certificatesOfPerson(k, personId, today)),
    originalCases: involvements.map((i) => ({
      caseId: i.caseId,
      number: i.number,
      kind: i.kind,
      title: i.title,
      decisionDate: i.decisionDate,
      roles: i.roles,
      outcomes: outcomeRows.filter((o) => o.case_id === i.caseId).map((o) => ({ source: o.source, referenceNo: o.reference_no, referenceDate: o.reference_date, issuer: o.issuer })),
    })),
    accountabilityCases: cases.map((c) => ({
      caseId: c.id,
      number: c.number,
      state: c.state,
      stateLabel: STATE_LABELS[c.state] ?? { zh: c.state, en: c.state },
      tracks: c.tracks,
      receivedOn: c.received_on,
      decidedOn: c.decided_on,
      closedOn: c.closed_on,
    })),
    sanctions: items.map((i) => ({ caseId: i.case_id, caseNumber: numberOf.get(i.case_id) ?? '', decidedOn: i.decided_on, noAccountability: i.no_accountability, forms: i.forms, status: i.status })),
    execution: exec.map((e) => ({ caseId: e.case_id, caseNumber: numberOf.get(e.case_id) ?? '', kind: e.kind, citation: e.citation, year: e.year, amountFen: e.amount_fen, status: e.status, doneOn: e.done_on })),
    awardBars: exec.filter((e) => e.kind === 'award_bar_person').map((e) => ({ caseId: e.case_id, caseNumber: numberOf.get(e.case_id) ?? '', year: e.year, status: e.status })),
    importedHistory: mayReadImportedHistory(ctx.actor, personId)
      ? (await historicalSubjects(k, ctx.actor, { personId })).map((h) => ({
          decisionId: h.decisionId,
          caseNumber: h.caseNumber,
          title: h.title,
          conductDate: h.conductDate,
          decidedOn: h.decidedOn,
          noAccountability: h.noAccountability,
          forms: h.forms,
          awardBarYear: h.awardBarYear,
          unitAwardBar: h.unitAwardBar,
          importedAt: h.importedAt,
          imported: true as const,
        }))
      : null,
    alerts: mayReadProfileAlerts(ctx.actor) ? await queryAlerts(ctx, { personId }) : null,
  };
}

const col = (key: string, zh: string, en: string, width = 16): Column => ({ key, zh, en, width });

/** The profile as an Excel workbook (one sheet per section); the export is audited. */
export async function officerProfileXlsx(ctx: Ctx, personId: string): Promise<{ name: string; buffer: Buffer }> {
  const p = await getOfficerProfile(ctx, personId);
  await inTransaction(ctx.db, (tx) => appendAudit(tx, { actorId: ctx.actor.userId, action: 'person.profile.export', entityType: 'person', entityId: personId, after: { cases: p.accountabilityCases.length }, at: nowIso(ctx) }));
  const sheets = [
    {
      name: '基本信息',
      columns: [col('name', '姓名', 'Name'), col('unit', '单位', 'Unit', 24), col('post', '职务', 'Post'), col('employeeNo', '工号', 'Employee no.'), col('active', '在职', 'Active', 8)],
      rows: [{ name: p.person.name, unit: p.person.unitName, post: p.person.post, employeeNo: p.person.employeeNo, active: p.person.active ? '是' : '否' }],
    },
    {
      name: '岗位变动',
      columns: [col('date', '生效日期', 'Effective'), col('from', '原单位/职务', 'From', 28), col('to', '新单位/职务', 'To', 28), col('reason', '事由', 'Reason', 30)],
      rows: p.posts.map((x) => ({ date: x.effectiveDate, from: `${x.fromUnitName ?? ''} ${x.fromPost ?? ''}`, to: `${x.toUnitName ?? ''} ${x.toPost ?? ''}`, reason: x.reason })),
    },
    {
      name: '执法证',
      columns: [col('number', '执法证号', 'Number', 20), col('from', '有效期起', 'Valid from'), col('to', '有效期止', 'Valid to'), col('status', '今日状态', 'Status today'), col('history', '状态变更', 'History', 50)],
      rows: p.certificates.map((c) => ({ number: c.number, from: c.validFrom, to: c.validTo ?? '长期', status: c.statusOn, history: c.history.map((h) => `${h.effectiveDate} ${h.fromStatus}→${h.toStatus}（${h.reason}）`).join('；') })),
    },
    {
      name: '原执法案件',
      columns: [col('number', '案件编号', 'Number', 24), col('kind', '类别', 'Kind', 10), col('title', '案件名称', 'Title', 36), col('date', '决定日期', 'Decided'), col('roles', '参与方式', 'Roles', 24), col('outcomes', '错案来源（WC-5）', 'WC-5 outcomes', 36)],
      rows: p.originalCases.map((c) => ({
        number: c.number,
        kind: ORIGINAL_CASE_KIND_LABELS[c.kind as keyof typeof ORIGINAL_CASE_KIND_LABELS]?.zh ?? c.kind,
        title: c.title,
        date: c.decisionDate,
        roles: c.roles.map((r) => PARTICIPANT_ROLE_LABELS[r as keyof typeof PARTICIPANT_ROLE_LABELS]?.zh ?? r).join('、'),
        outcomes: c.outcomes.map((o) => `${o.source} ${o.referenceNo}`).join('；'),
      })),
    },
    {
      name: '问责案件',
      columns: [col('number', '案件编号', 'Number', 24), col('state', '状态', 'State', 14), col('received', '受理日期', 'Received'), col('decided', '决定日期', 'Decided'), col('closed', '结案日期', 'Closed')],
      rows: p.accountabilityCases.map((c) => ({ number: c.number, state: c.stateLabel.zh, received: c.receivedOn, decided: c.decidedOn ?? '', closed: c.closedOn ?? '' })),
    },
    {
      name: '处理及执行',
      columns: [col('number', '案件编号', 'Case', 24), col('what', '处理或执行事项', 'Decision or execution', 40), col('date', '日期', 'Date'), col('status', '状态', 'Status', 12)],
      rows: [
        ...p.sanctions.map((s) => ({ number: s.caseNumber, what: s.noAccountability ? '不予追究' : s.forms.join('、'), date: s.decidedOn, status: s.status === 'in_force' ? '生效' : '已被变更' })),
        ...p.execution.map((e) => ({ number: e.caseNumber, what: `${e.kind}（${e.citation}）${e.year ? ` ${e.year}年` : ''}${e.amountFen ? ` ${(e.amountFen / 100).toFixed(2)}元` : ''}`, date: e.doneOn ?? '', status: e.status })),
      ],
    },
    ...(p.importedHistory
      ? [
          {
            name: '历史处理（导入）',
            columns: [col('number', '案件编号', 'Case', 24), col('decided', '决定日期', 'Decided'), col('conduct', '行为日期', 'Conduct'), col('what', '处理', 'Decision', 36), col('bar', '评先限制年度', 'Award bar year', 12), col('mark', '来源', 'Source', 16)],
            rows: p.importedHistory.map((h) => ({ number: h.caseNumber, decided: h.decidedOn, conduct: h.conductDate, what: h.noAccountability ? '不予追究' : h.forms.join('、'), bar: h.awardBarYear ?? '', mark: '历史导入 / imported' })),
          },
        ]
      : []),
    {
      name: '评先限制',
      columns: [col('number', '案件编号', 'Case', 24), col('year', '年度', 'Year', 8), col('status', '状态', 'Status', 12)],
      rows: p.awardBars.map((b) => ({ number: b.caseNumber, year: b.year, status: b.status })),
    },
    ...(p.alerts
      ? [
          {
            name: '预警',
            columns: [col('level', '等级', 'Level', 8), col('title', '预警内容', 'Alert', 60), col('status', '状态', 'Status', 10), col('raised', '产生时间', 'Raised', 20)],
            rows: p.alerts.map((a) => ({ level: ALERT_LEVEL_LABELS[a.level].zh, title: a.titleZh, status: a.status, raised: a.raisedAt })),
          },
        ]
      : []),
  ];
  return { name: `人员档案-${p.person.name}-${chinaDate(ctx.clock.now())}.xlsx`, buffer: await writeWorkbook(sheets) };
}
