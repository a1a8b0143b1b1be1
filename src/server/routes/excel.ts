// Excel import and export of the registers (people with certificates, original enforcement
// cases with participants, units, WC-5 outcomes and compensation) and of the history (past
// accountability decisions, issue 12 point 5): templates, exports, and imports with a per-row validation report.
import { z } from 'zod';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { EXCEL_KINDS, IMPORT_MODES, exportWorkbook, fileNameOf, importPermissionOf, importReportOut, importWorkbook, templateWorkbook } from '../../services/excel/import-export';
import { XLSX_MIME } from '../../services/excel/workbook';
import { authorize } from '../../policies/roles';
import { ctxOf } from '../plugins/auth';
import { asUploadError } from '../upload';
import type { RouteModule } from '../types';

const kindParams = z.object({ kind: z.enum(EXCEL_KINDS) });
const attachment = (name: string): string => `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const excelRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/excel/:kind/template',
    { schema: { tags: ['excel'], summary: '下载导入模板 / Download the import template (.xlsx)', params: kindParams } },
    async (req, reply) => {
      const buf = await templateWorkbook(ctxOf(req, deps), req.params.kind);
      return reply.type(XLSX_MIME).header('content-disposition', attachment(fileNameOf(req.params.kind, 'template', chinaDate(deps.clock.now())))).send(buf);
    },
  );

  app.get(
    '/api/v1/excel/:kind/export',
    { schema: { tags: ['excel'], summary: '导出台账为 Excel / Export the register (.xlsx)', params: kindParams } },
    async (req, reply) => {
      const buf = await exportWorkbook(ctxOf(req, deps), req.params.kind);
      return reply.type(XLSX_MIME).header('content-disposition', attachment(fileNameOf(req.params.kind, 'export', chinaDate(deps.clock.now())))).send(buf);
    },
  );

  app.post(
    '/api/v1/excel/:kind/import',
    {
      schema: {
        tags: ['excel'],
        summary: '从 Excel 导入（逐行校验）/ Import from Excel with a per-row report',
        description:
          'multipart/form-data with one file field. mode=check: validate only; mode=all (default): import only if every row is valid; mode=valid: import the valid rows and report the others.',
        params: kindParams,
        querystring: z.object({ mode: z.enum(IMPORT_MODES).default('all') }),
        response: { 200: importReportOut },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      if (!req.isMultipart()) throw new AppError('BAD_REQUEST', { zh: '请以 multipart/form-data 上传 .xlsx 文件', en: 'Upload the .xlsx file as multipart/form-data' });
      // Authorized before the body is read; the workbook is read into memory only (never stored),
      // within the upload limit; a malformed body is BAD_MULTIPART, not a 500.
      authorize(ctx.actor, importPermissionOf(req.params.kind));
      let buffer: Buffer;
      try {
        const file = await req.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { zh: '未收到文件', en: 'No file received' }, { fields: [{ path: 'file', code: 'required', zh: '请选择文件', en: 'Choose a file' }] });
        buffer = await file.toBuffer();
      } catch (err) {
        reply.header('connection', 'close');
        throw asUploadError(err);
      }
      return importWorkbook(ctx, req.params.kind, buffer, req.query.mode);
    },
  );
};
