// The case list as Excel, with the list's own filters. It reads through `listCases`, so the
// workbook holds exactly the cases (and, per case, the subjects and summary) the caller may see
// on the list page: a subject gets their own cases and only themselves as subject, an
// investigator the cases of their team. The reporter's identity is never part of the list.
import type { z } from 'zod';
import { parseInput } from '../../lib/validation';
import { listCases, listQuerySchema } from '../cases/list';
import type { Ctx } from '../context';
import type { Column } from './sheets';
import { writeWorkbook } from './workbook';

export const caseListExportQuerySchema = listQuerySchema.omit({ page: true, pageSize: true });

const SOURCE_LABELS: Record<string, string> = { report: '举报、投诉', wc5: '错案来源（WC-5）' };
const TRACK_LABELS: Record<string, string> = { FL: '过错责任（FL）', WC: '错案责任（WC）' };

const CASE_LIST_COLUMNS: Column[] = [
  { key: 'number', zh: '案件编号', en: 'Case no.', width: 20 },
  { key: 'state', zh: '状态', en: 'State', width: 16 },
  { key: 'tracks', zh: '追究类型', en: 'Tracks', width: 22 },
  { key: 'source', zh: '来源', en: 'Source', width: 16 },
  { key: 'receivedOn', zh: '收到日期', en: 'Received on', width: 12 },
  { key: 'subjects', zh: '被反映人', en: 'Subjects', width: 20 },
  { key: 'deadline', zh: '最近期限', en: 'Next deadline', width: 30 },
  { key: 'summary', zh: '摘要', en: 'Summary', width: 50 },
];

const PAGE = 200;

export async function exportCaseList(ctx: Ctx, raw: unknown): Promise<Buffer> {
  const filters = parseInput(caseListExportQuerySchema, raw ?? {});
  const rows: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const r = await listCases(ctx, { ...filters, page, pageSize: PAGE });
    for (const c of r.items) {
      const next = c.deadlines.filter((d) => d.state !== 'met').sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
      rows.push({
        number: c.number,
        state: c.stateLabelZh,
        tracks: c.tracks.map((t) => TRACK_LABELS[t] ?? t).join('、'),
        source: SOURCE_LABELS[c.source] ?? c.source,
        receivedOn: c.receivedOn,
        subjects: c.subjects.map((s) => s.name).join('、'),
        deadline: next ? `${next.labelZh} ${next.dueDate}（${next.citation}）` : '',
        summary: c.summary ?? '',
      });
    }
    if (page * PAGE >= r.total || r.items.length === 0) break;
  }
  return writeWorkbook([{ name: '案件', columns: CASE_LIST_COLUMNS, rows }]);
}

export type CaseListExportQuery = z.infer<typeof caseListExportQuerySchema>;
