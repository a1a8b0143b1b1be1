// The audit viewer of the 安全审计员 (等保2.0 安全审计, permission `audit.read`): filter the trail
// by person, action, case or entity and date, newest first; export it to Excel; run the chain
// verification. Looking at the trail is itself audited (audit.read / audit.export /
// audit.verify). The application never deletes audit records (see audit-retention.test.ts).
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { auditRead } from '../../audit/audit-read';
import { verifyAuditChain, type AuditVerifyResult } from '../../audit/audit-verify';
import { ACTION_DEFS, type CaseAction } from '../../domain/cases';
import { AppError } from '../../errors';
import { parseInput } from '../../lib/validation';
import { auditPayloadVisible } from '../../policies/audit-view';
import { authorize } from '../../policies/roles';
import type { Ctx } from '../context';
import { XLSX_MIME } from '../excel/workbook';
import { countAudit, pageAudit, type AuditFilter, type AuditRow } from './audit-repo';

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
};

export function actionLabel(action: string): { zh: string; en: string } {
  const known = LABELS[action];
  if (known) return known;
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

export async function listAudit(ctx: Ctx, raw: unknown): Promise<{ items: AuditItem[]; total: number; page: number; pageSize: number }> {
  authorize(ctx.actor, 'audit.read');
  const q = parseInput(auditQuerySchema, raw);
  const f = { ...toFilter(q), orgScope: ctx.actor.orgScope };
  const [total, rows] = await Promise.all([countAudit(ctx.db, f), pageAudit(ctx.db, f, (q.page - 1) * q.pageSize, q.pageSize)]);
  await auditRead(ctx, { action: 'audit.read', entityType: 'audit', entityId: 'audit_log', details: { filters: filterDetails(q), page: q.page, total } });
  return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** Rows an export may hold; narrower filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

export async function exportAuditXlsx(ctx: Ctx, raw: unknown): Promise<{ buffer: Buffer; fileName: string; mimeType: string; rows: number }> {
  authorize(ctx.actor, 'audit.read');
  const q = parseInput(auditQuerySchema, raw);
  const f = { ...toFilter(q), orgScope: ctx.actor.orgScope };
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
  await auditRead(ctx, { action: 'audit.export', entityType: 'audit', entityId: 'audit_log', details: { filters: filterDetails(q), rows: total } });
  const day = ctx.clock.now().toISOString().slice(0, 10);
  return { buffer, fileName: `审计记录-${day}.xlsx`, mimeType: XLSX_MIME, rows: total };
}

/** Runs the whole-chain verification (as `wenze audit verify` does) and records that it was run and what it found. */
export async function verifyAudit(ctx: Ctx): Promise<AuditVerifyResult> {
  authorize(ctx.actor, 'audit.read');
  const r = await verifyAuditChain(ctx.db);
  await auditRead(ctx, { action: 'audit.verify', entityType: 'audit', entityId: 'audit_log', details: { ok: r.ok, records: r.records, firstBroken: r.firstBroken ?? null } });
  return r;
}
