// The audit viewer of the 安全审计员 (等保2.0 安全审计, permission `audit.read`): filter the trail
// by person, action, case or entity and date, newest first; export it to Excel; run the chain
// verification. Looking at the trail is itself audited (audit.read / audit.export /
// audit.verify). The application never deletes audit records (see audit-retention.test.ts).
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { auditRead } from '../../audit/audit-read';
import { verifyAuditChain, type AuditVerifyResult } from '../../audit/audit-verify';
import { ACTION_DEFS, type CaseAction } from '../../domain/cases';
import { EXTRA_LABELS } from '../cases/views';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { auditOrgView, auditPayloadVisible, type AuditOrgView } from '../../policies/audit-view';
import { authorize } from '../../policies/roles';
import type { Ctx } from '../context';
import { XLSX_MIME } from '../excel/workbook';
import { countAudit, pageAudit, type AuditFilter, type AuditRow } from './audit-repo';
import { orgTree } from '../orgs/org-repo';

const dateOrIso = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, { message: '日期格式应为 YYYY-MM-DD / Use YYYY-MM-DD' })
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s)), { message: '日期无效 / Invalid date' });

export const auditQuerySchema = z.object({
  actor: z.string().trim().min(1).max(80).optional().describe('user id or user name'),
  action: z.string().trim().min(1).max(80).optional().describe('an action, or its prefix: "case" matches case.read, case.accept …'),
  caseId: z.string().trim().min(1).max(64).optional().describe('the records of one case (entity type case)'),
  entityType: z.string().trim().min(1).max(40).optional(),
  entityId: z.string().trim().min(1).max(64).optional(),
  from: dateOrIso.optional().describe('YYYY-MM-DD (China date, inclusive) or an ISO timestamp'),
  to: dateOrIso.optional().describe('YYYY-MM-DD (China date, inclusive) or an ISO timestamp (exclusive)'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditItem {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  actorName: string | null;
  action: string;
  labelZh: string;
  labelEn: string;
  entityType: string;
  entityId: string;
  sourceIp: string | null;
  /** issue 11: the organisation the record belongs to (that of the record acted on); null: deployment-wide */
  orgId: string | null;
  /** the record's before/after payload, only for accounts and settings (src/policies/audit-view.ts) */
  before: unknown;
  after: unknown;
  hash: string;
}

const LABELS: Record<string, { zh: string; en: string }> = {
  'case.read': { zh: '查阅案件', en: 'Case viewed' },
  'case.timeline.read': { zh: '查阅案件时间线', en: 'Case timeline viewed' },
  'case.findings.read': { zh: '查阅责任认定记录', en: 'Findings viewed' },
  'case.documents.list': { zh: '查阅案件文书列表', en: 'Case documents listed' },
  'case.recommendation.read': { zh: '查阅规则引擎建议', en: 'Recommendation viewed' },
  'case.evidence.read': { zh: '查阅证据内容', en: 'Evidence text viewed' },
  'case.evidence.list': { zh: '查阅证据列表（翻页）', en: 'Evidence list read (a page)' },
  'case.evidence.download': { zh: '下载证据文件', en: 'Evidence file downloaded' },
  'case.reporter.read': { zh: '查阅举报人信息', en: 'Reporter identity read' },
  'case.document.read': { zh: '查阅文书', en: 'Document read' },
  'case.document.download': { zh: '下载文书', en: 'Document downloaded' },
  'case.document.draft': { zh: '起草文书', en: 'Document drafted' },
  'case.document.edit': { zh: '修改文书', en: 'Document edited' },
  'case.document.issue': { zh: '印发文书', en: 'Document issued' },
  'case.intake': { zh: '线索登记', en: 'Intake' },
  'case.recommendation': { zh: '规则引擎建议', en: 'Rules recommendation' },
  'audit.read': { zh: '查阅审计记录', en: 'Audit trail viewed' },
  'audit.export': { zh: '导出审计记录', en: 'Audit trail exported' },
  'audit.verify': { zh: '校验审计链', en: 'Audit chain verified' },
  'auth.login': { zh: '登录', en: 'Sign-in' },
  'auth.login_failed': { zh: '登录失败', en: 'Failed sign-in' },
  'auth.logout': { zh: '退出', en: 'Sign-out' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User updated' },
  'user.update.password': { zh: '重设密码', en: 'Password reset' },
  // every other action the system writes (the audit page showed the raw code for these)
  'alert.raise': { zh: '产生预警', en: 'Alert raised' },
  'alert.acknowledge': { zh: '确认预警', en: 'Alert acknowledged' },
  'alert.assign': { zh: '指派预警', en: 'Alert assigned' },
  'alert.close': { zh: '关闭预警', en: 'Alert closed' },
  'alert.rules.set': { zh: '修改预警规则', en: 'Alert rules changed' },
  'alert.rules.reset': { zh: '恢复默认预警规则', en: 'Alert rules reset' },
  'auth.lock': { zh: '账户锁定', en: 'Account locked' },
  'auth.login_refused': { zh: '拒绝登录', en: 'Sign-in refused' },
  'auth.logout_everywhere': { zh: '退出全部会话', en: 'Signed out everywhere' },
  'auth.org.switch': { zh: '切换机关', en: 'Organisation switched' },
  'auth.password.change': { zh: '修改密码', en: 'Password changed' },
  'auth.password_ok': { zh: '密码验证通过（待动态验证码）', en: 'Password accepted (second factor next)' },
  'auth.session.revoke': { zh: '注销会话', en: 'Session revoked' },
  'auth.source_blocked': { zh: '来源地址被拦截', en: 'Source address blocked' },
  'auth.totp.disable': { zh: '停用动态验证码', en: 'Second factor disabled' },
  'auth.totp.enrol': { zh: '绑定动态验证码', en: 'Second factor enrolled' },
  'auth.totp.reset': { zh: '重置动态验证码', en: 'Second factor reset' },
  'auth.totp_failed': { zh: '动态验证码错误', en: 'Wrong second-factor code' },
  'auth.unlock': { zh: '解锁账户', en: 'Account unlocked' },
  'backup.scheduled': { zh: '定时备份', en: 'Scheduled backup' },
  'backup.scheduled_failed': { zh: '定时备份失败', en: 'Scheduled backup failed' },
  'calendar.seed': { zh: '载入节假日数据', en: 'Holiday data seeded' },
  'calendar.year.load': { zh: '载入年度节假日', en: 'Holiday year loaded' },
  'campaign.create': { zh: '新建评查活动', en: 'File review created' },
  'campaign.checklist.set': { zh: '设置评查项目', en: 'Review checklist set' },
  'campaign.draw': { zh: '抽取案卷', en: 'Files drawn' },
  'campaign.review.submit': { zh: '提交评查结果', en: 'Review submitted' },
  'campaign.review.signal': { zh: '评查发现错案线索', en: 'Wrong-case signal from a review' },
  'campaign.report': { zh: '评查报告', en: 'Review report' },
  'campaign.close': { zh: '结束评查活动', en: 'File review closed' },
  'case.document.serve': { zh: '送达文书', en: 'Document served' },
  'case.publication.record': { zh: '登记公开', en: 'Publication recorded' },
  'case.referral.record': { zh: '登记移送', en: 'Referral recorded' },
  'case.reporter.thread.read': { zh: '查阅举报往来', en: 'Reporter thread viewed' },
  'case_reporter.identity.request': { zh: '申请查阅举报人身份', en: 'Reporter identity requested' },
  'case_reporter.identity.emergency': { zh: '紧急查阅举报人身份', en: 'Reporter identity, emergency access' },
  'case_reporter.identity.approve': { zh: '批准查阅举报人身份', en: 'Reporter identity request approved' },
  'case_reporter.identity.refuse': { zh: '驳回查阅举报人身份', en: 'Reporter identity request refused' },
  'case_reporter.identity.read_refused': { zh: '拒绝查阅举报人身份（无有效批准）', en: 'Reporter identity read refused (no live approval)' },
  'case_reporter.link': { zh: '关联举报人与工作人员', en: 'Reporter linked to staff' },
  'case_reporter.link_auto': { zh: '自动关联举报人与工作人员', en: 'Reporter linked to staff (automatic)' },
  'case_reporter.link_confirm': { zh: '确认举报人关联', en: 'Reporter link confirmed' },
  'case_reporter.link_undo': { zh: '撤销举报人关联', en: 'Reporter link undone' },
  'certificate.create': { zh: '登记执法证', en: 'Certificate registered' },
  'certificate.update': { zh: '修改执法证', en: 'Certificate updated' },
  'certificate.suspend': { zh: '暂扣执法证', en: 'Certificate suspended' },
  'certificate.reinstate': { zh: '恢复执法证', en: 'Certificate reinstated' },
  'certificate.revoke': { zh: '吊销执法证', en: 'Certificate revoked' },
  'decision_body.add': { zh: '新增决定机关', en: 'Decision body added' },
  'decision_body.update': { zh: '修改决定机关', en: 'Decision body updated' },
  'documents.files.seal': { zh: '文件加盖电子印章', en: 'Files sealed' },
  'documents.seal.upload': { zh: '上传印章图样', en: 'Seal image uploaded' },
  'documents.signing_key.create': { zh: '生成签章密钥', en: 'Signing key created' },
  'documents.signing_key.import': { zh: '导入签章密钥', en: 'Signing key imported' },
  'excel.import.units': { zh: 'Excel 导入单位', en: 'Units imported from Excel' },
  'excel.import.people': { zh: 'Excel 导入人员', en: 'People imported from Excel' },
  'excel.import.original-cases': { zh: 'Excel 导入原执法案件', en: 'Original cases imported from Excel' },
  'excel.import.original-outcomes': { zh: 'Excel 导入错案结果与国家赔偿', en: 'WC-5 outcomes imported from Excel' },
  'excel.import.decisions': { zh: 'Excel 导入历史处理决定', en: 'Past decisions imported from Excel' },
  'history.decision.import': { zh: '导入历史处理决定', en: 'Past decision imported' },
  'notify.escalation': { zh: '逾期提醒上报', en: 'Overdue escalation sent' },
  'notify.prefs': { zh: '修改通知设置', en: 'Notification preferences changed' },
  'org.create': { zh: '新建机关', en: 'Organisation created' },
  'org.update': { zh: '修改机关', en: 'Organisation updated' },
  'original_case.create': { zh: '登记原执法案件', en: 'Original case registered' },
  'original_case.update': { zh: '修改原执法案件', en: 'Original case updated' },
  'original_case.outcome': { zh: '登记错案结果', en: 'WC-5 outcome recorded' },
  'original_case.compensation': { zh: '登记国家赔偿', en: 'State compensation recorded' },
  'original_case.import_batch': { zh: '批量导入原执法案件', en: 'Original cases imported' },
  'original_case.wc5_signal.dismiss': { zh: '错案线索不予立案说明', en: 'Wrong-case signal dismissed' },
  'person.create': { zh: '登记人员', en: 'Person registered' },
  'person.update': { zh: '修改人员', en: 'Person updated' },
  'person.post_change': { zh: '人员岗位变动', en: 'Post changed' },
  'person.deactivate': { zh: '人员停用', en: 'Person deactivated' },
  'person.reactivate': { zh: '人员恢复', en: 'Person reactivated' },
  'person.profile.export': { zh: '导出人员档案', en: 'Profile exported' },
  'relationship.declare': { zh: '申报利害关系', en: 'Relationship declared' },
  'relationship.withdraw': { zh: '撤回利害关系申报', en: 'Relationship withdrawn' },
  'report_keys.rewrap': { zh: '举报密钥轮换', en: 'Report keys re-wrapped' },
  'retaliation_alert.raise': { zh: '打击报复预警', en: 'Retaliation alert raised' },
  'role.grant': { zh: '授予角色', en: 'Role granted' },
  'role.revoke': { zh: '撤销角色', en: 'Role revoked' },
  'security.settings.update': { zh: '修改安全设置', en: 'Security settings changed' },
  'settings.update': { zh: '修改系统设置', en: 'Settings changed' },
  'settings.notify': { zh: '修改通知规则', en: 'Notification rules changed' },
  'settings.notify.reset': { zh: '恢复默认通知规则', en: 'Notification rules reset' },
  'unit.create': { zh: '新建单位', en: 'Unit created' },
  'unit.update': { zh: '修改单位', en: 'Unit updated' },
  'unit.move': { zh: '调整单位隶属', en: 'Unit moved' },
  'unit.deactivate': { zh: '单位停用', en: 'Unit deactivated' },
  'unit.reactivate': { zh: '单位恢复', en: 'Unit reactivated' },
  'user.password.reset': { zh: '重设密码', en: 'Password reset' },
  'user.password.reset_requested': { zh: '申请重设密码（待安全管理员批准）', en: 'Password reset requested (awaiting the security administrator)' },
  'user.password.reset_approved': { zh: '批准重设密码', en: 'Password reset approved' },
  'user.password.reset_rejected': { zh: '驳回重设密码', en: 'Password reset refused' },
  'user.supervisor_body': { zh: '设置监督机关', en: 'Supervisory body set' },
};

export function actionLabel(action: string): { zh: string; en: string } {
  const known = LABELS[action] ?? EXTRA_LABELS[action];
  if (known) return { zh: known.zh, en: known.en };
  const def = action.startsWith('case.') ? ACTION_DEFS[action.slice(5) as CaseAction] : undefined;
  return def ? { zh: def.labelZh, en: def.labelEn } : { zh: action, en: action };
}

/** A China calendar date as the start of that day in UTC; `to` dates include their whole day. */
function toFilter(q: AuditQuery): AuditFilter {
  const bound = (s: string | undefined, endOfDay: boolean): string | undefined => {
    if (!s) return undefined;
    if (s.length !== 10) return new Date(s).toISOString();
    const start = new Date(`${s}T00:00:00+08:00`).getTime();
    return new Date(endOfDay ? start + 86_400_000 : start).toISOString();
  };
  const fromAt = bound(q.from, false);
  const toAt = bound(q.to, true);
  if (fromAt && toAt && fromAt >= toAt) {
    throw new AppError('VALIDATION_FAILED', { zh: '结束日期早于开始日期', en: 'the end date is before the start date' }, { fields: [{ path: 'to', code: 'range', zh: '结束日期早于开始日期', en: 'the end date is before the start date' }] });
  }
  if (q.caseId && q.entityType && q.entityType !== 'case') {
    throw new AppError('VALIDATION_FAILED', { zh: '按案件筛选时对象类型只能为 case', en: 'a case filter implies entity type case' }, { fields: [{ path: 'entityType', code: 'conflict', zh: '与案件筛选冲突', en: 'conflicts with caseId' }] });
  }
  return {
    actor: q.actor,
    action: q.action,
    entityType: q.caseId ? 'case' : q.entityType,
    entityId: q.caseId ?? q.entityId,
    fromAt,
    toAt,
  };
}

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
};

function toItem(r: AuditRow): AuditItem {
  const label = actionLabel(r.action);
  const visible = auditPayloadVisible(r.entity_type);
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    actorName: r.actor_name,
    action: r.action,
    labelZh: label.zh,
    labelEn: label.en,
    entityType: r.entity_type,
    entityId: r.entity_id,
    sourceIp: r.source_ip,
    orgId: r.org_id,
    before: visible ? parseJson(r.before_json) : null,
    after: visible ? parseJson(r.after_json) : null,
    hash: r.hash,
  };
}

/** The filters as recorded in the auditor's own read record. */
const filterDetails = (q: AuditQuery): Record<string, unknown> => {
  const { page: _p, pageSize: _s, ...rest } = q;
  return rest;
};

/**
 * issue 11: the records the auditor's organisations show (src/policies/audit-view.ts#auditOrgView);
 * undefined for an unrestricted in-process actor.
 */
async function orgViewOf(ctx: Ctx): Promise<AuditOrgView | undefined> {
  if (!ctx.actor.orgScope) return undefined;
  return auditOrgView(ctx.actor, await orgTree(ctx.db.kysely));
}

/** A look at the audit trail belongs to the organisation the auditor acts in. */
const ownOrg = (ctx: Ctx): string | null => ctx.actor.orgId ?? null;

export async function listAudit(ctx: Ctx, raw: unknown): Promise<{ items: AuditItem[]; total: number; page: number; pageSize: number }> {
  authorize(ctx.actor, 'audit.read');
  const q = parseInput(auditQuerySchema, raw);
  const f = { ...toFilter(q), orgView: await orgViewOf(ctx) };
  const [total, rows] = await Promise.all([countAudit(ctx.db, f), pageAudit(ctx.db, f, (q.page - 1) * q.pageSize, q.pageSize)]);
  await auditRead(ctx, { action: 'audit.read', entityType: 'audit', entityId: 'audit_log', orgId: ownOrg(ctx), details: { filters: filterDetails(q), page: q.page, total } });
  return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** Rows an export may hold; narrower filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

export async function exportAuditXlsx(ctx: Ctx, raw: unknown): Promise<{ buffer: Buffer; fileName: string; mimeType: string; rows: number }> {
  authorize(ctx.actor, 'audit.read');
  const q = parseInput(auditQuerySchema, raw);
  const f = { ...toFilter(q), orgView: await orgViewOf(ctx) };
  const total = await countAudit(ctx.db, f);
  if (total > AUDIT_EXPORT_MAX_ROWS) {
    throw new AppError('VALIDATION_FAILED', {
      zh: `符合条件的记录有 ${total} 条，超过单次导出上限 ${AUDIT_EXPORT_MAX_ROWS} 条，请缩小日期范围`,
      en: `${total} records match, more than the ${AUDIT_EXPORT_MAX_ROWS} one export may hold: narrow the dates`,
    });
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wenze 问责';
  const ws = wb.addWorksheet('审计记录 Audit trail');
  ws.columns = [
    { header: '序号 Seq', key: 'seq', width: 10 },
    { header: '时间 Time (UTC)', key: 'at', width: 26 },
    { header: '操作人 Actor', key: 'actor', width: 22 },
    { header: '操作人ID Actor id', key: 'actorId', width: 28 },
    { header: '操作 Action', key: 'action', width: 26 },
    { header: '说明 Label', key: 'label', width: 22 },
    { header: '对象类型 Entity type', key: 'entityType', width: 16 },
    { header: '对象 Entity', key: 'entityId', width: 28 },
    { header: '来源地址 Source address', key: 'sourceIp', width: 20 },
    { header: '内容 Payload', key: 'payload', width: 50 },
    { header: '哈希 Hash', key: 'hash', width: 66 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const batch = 5000;
  for (let offset = 0; offset < total; offset += batch) {
    for (const r of await pageAudit(ctx.db, f, offset, batch)) {
      const it = toItem(r);
      ws.addRow({
        seq: it.seq,
        at: it.at,
        actor: it.actorName ? `${it.actorName}（${it.actorUsername}）` : (it.actorId ?? ''),
        actorId: it.actorId ?? '',
        action: it.action,
        label: it.labelZh,
        entityType: it.entityType,
        entityId: it.entityId,
        sourceIp: it.sourceIp ?? '',
        payload: it.before === null && it.after === null ? '' : JSON.stringify({ before: it.before, after: it.after }),
        hash: it.hash,
      });
    }
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await auditRead(ctx, { action: 'audit.export', entityType: 'audit', entityId: 'audit_log', orgId: ownOrg(ctx), details: { filters: filterDetails(q), rows: total } });
  const day = ctx.clock.now().toISOString().slice(0, 10);
  return { buffer, fileName: `审计记录-${day}.xlsx`, mimeType: XLSX_MIME, rows: total };
}

/** Runs the whole-chain verification (as `wenze audit verify` does) and records that it was run and what it found. */
export async function verifyAudit(ctx: Ctx): Promise<AuditVerifyResult> {
  authorize(ctx.actor, 'audit.read');
  const r = await verifyAuditChain(ctx.db);
  await auditRead(ctx, { action: 'audit.verify', entityType: 'audit', entityId: 'audit_log', orgId: ownOrg(ctx), details: { ok: r.ok, records: r.records, firstBroken: r.firstBroken ?? null } });
  return r;
}
