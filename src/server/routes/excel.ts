// Excel import and export of the registers (units, people with certificates, original enforcement
// cases with participants, WC-5 outcomes and compensation), of the history (past accountability
// decisions, issue 12 point 5) and the export of the case list: templates, exports, and imports
// with a per-row validation report.
import { z } from 'zod';
import { AppError } from '../../errors';
import { chinaDate } from '../../lib/clock';
import { EXCEL_KINDS, IMPORT_MODES, exportWorkbook, fileNameOf, importPermissionOf, importReportOut, importWorkbook, templateWorkbook } from '../../services/excel/import-export';
import { caseListExportQuerySchema, exportCaseList } from '../../services/excel/case-list-export';
import { XLSX_MIME } from '../../services/excel/workbook';
import { importCsv, isCsvUpload } from '../../services/excel/csv-import';
import { authorize } from '../../policies/roles';
import { ctxOf } from '../plugins/auth';
import { asUploadError } from '../upload';
import type { RouteModule } from '../types';

const kindParams = z.object({ kind: z.enum(EXCEL_KINDS) });
const attachment = (name: string): string => `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const excelRoutes: RouteModule = (app, deps) => {
  // Declared before the registers' /:kind routes; a static segment wins over the parameter.
  app.get(
    '/api/v1/excel/cases/export',
    {
      schema: {
        tags: ['excel'],
        summary: '导出案件列表为 Excel（按当前筛选） / Export the case list with its filters (.xlsx)',
        description: '只含调用者在案件列表中可见的案件与字段；不含举报人身份。 / Only the cases and fields the caller sees on the list; never the reporter’s identity.',
        querystring: caseListExportQuerySchema,
      },
    },
    async (req, reply) => {
      const buf = await exportCaseList(ctxOf(req, deps), req.query);
      return reply.type(XLSX_MIME).header('content-disposition', attachment(`案件列表-${chinaDate(deps.clock.now())}.xlsx`)).send(buf);
    },
  );


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
        summary: '从 Excel 或 CSV 导入（逐行校验）/ Import from Excel or CSV with a per-row report',
        description:
          'multipart/form-data with one file field: an .xlsx workbook, or a .csv file (UTF-8, comma-separated, the same column names in the first line; original cases are streamed and written in batches, and the report then lists only the invalid rows). mode=check: validate only; mode=all (default): import only if every row is valid; mode=valid: import the valid rows and report the others. update=true: a row whose key (employee no., unit short code, case number) is registered updates that record; the report lists each row as new / changed (column: old → new) / unchanged / invalid. A changed row that alters a fact an accountability case rests on (people: a certificate an open case reads, a post a decision set; original cases: participants, opinions, kind, decision date, unit) needs its 更正理由 (correction reason) column: then it is listed under `corrections` and written through the registers\' correction path; without one it is that row\'s error `correction_reason_required`.',
        params: kindParams,
        consumes: ['multipart/form-data'],
        querystring: z.object({ mode: z.enum(IMPORT_MODES).default('all'), update: z.preprocess((v) => v === 'true' || v === '1' || v === true, z.boolean()).default(false) }),
        response: { 200: importReportOut },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, deps);
      if (!req.isMultipart()) throw new AppError('BAD_REQUEST', { zh: '请以 multipart/form-data 上传 .xlsx 或 .csv 文件', en: 'Upload the .xlsx or .csv file as multipart/form-data' });
      // Authorized before the body is read; the workbook is read into memory only (never stored),
      // within the upload limit; a malformed body is BAD_MULTIPART, not a 500.
      authorize(ctx.actor, importPermissionOf(req.params.kind));
      let buffer: Buffer;
      try {
        const file = await req.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { zh: '未收到文件', en: 'No file received' }, { fields: [{ path: 'file', code: 'required', zh: '请选择文件', en: 'Choose a file' }] });
        // CSV is parsed as it arrives (issue 14); the upload limit still applies to the stream
        if (isCsvUpload(file.filename, file.mimetype)) {
          // a file cut at the limit must not import as a shorter valid file
          file.file.once('limit', () => file.file.destroy(new AppError('FILE_TOO_LARGE', { zh: '文件超过上传大小限制', en: 'The file exceeds the upload limit' })));
          return await importCsv(ctx, req.params.kind, file.file, req.query.mode, req.query.update);
        }
        buffer = await file.toBuffer();
      } catch (err) {
        reply.header('connection', 'close');
        throw asUploadError(err);
      }
      return importWorkbook(ctx, req.params.kind, buffer, req.query.mode, req.query.update);
    },
  );
};
