// The officer profile (issue 12 part 4): one page per person, and its Excel export.
import { z } from 'zod';
import { XLSX_MIME } from '../../services/excel/workbook';
import { getOfficerProfile, officerProfileXlsx } from '../../services/profiles/profile-service';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const id = z.string().min(1).max(64);
const attachment = (name: string): string => `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const rows = z.array(z.looseObject({}));

const profileOut = z.object({
  person: z.looseObject({ id: z.string(), name: z.string() }),
  posts: rows,
  certificates: rows,
  originalCases: rows,
  accountabilityCases: rows,
  sanctions: rows,
  execution: rows,
  awardBars: rows,
  importedHistory: z.array(z.looseObject({ decisionId: z.string(), caseNumber: z.string(), imported: z.literal(true) })).nullable().describe('历史导入的处理决定（上线前） / decisions imported from before go-live'),
  alerts: rows.nullable(),
});

export const profileRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/people/:id/profile', { schema: { tags: ['registers'], summary: '人员档案 / Officer profile', params: z.object({ id }), response: { 200: profileOut } } }, async (req) =>
    getOfficerProfile(ctxOf(req, deps), req.params.id),
  );
  app.get('/api/v1/people/:id/profile.xlsx', { schema: { tags: ['registers'], summary: '导出人员档案 / Export the officer profile (.xlsx)', params: z.object({ id }) } }, async (req, reply) => {
    const r = await officerProfileXlsx(ctxOf(req, deps), req.params.id);
    return reply.type(XLSX_MIME).header('content-disposition', attachment(r.name)).send(r.buffer);
  });
};
