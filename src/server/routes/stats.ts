// The year's statistics (stats.read): the figures as JSON for the charts, and the same tables as
// an Excel workbook (all tables, or one); several years side by side, repeat subjects, and the
// list of cases behind any figure (issue 12 point 6).
import { caseStatistics, drillOut, drillQuerySchema, repeatOut, repeatSubjects, statsDrill, statsExportQuerySchema, statsExportTables, statsOut, statsQuerySchema, statsYears, yearsOut, yearsQuerySchema } from '../../services/stats/stats-service';
import { writeWorkbook, XLSX_MIME } from '../../services/excel/workbook';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

export const statsRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/stats', { schema: { tags: ['stats'], summary: '年度统计 / The year’s statistics', querystring: statsQuerySchema, response: { 200: statsOut } } }, async (req) =>
    caseStatistics(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/stats/years',
    { schema: { tags: ['stats'], summary: '多年度对比 / Several years side by side', querystring: yearsQuerySchema, response: { 200: yearsOut } } },
    async (req) => statsYears(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/stats/repeat-subjects',
    { schema: { tags: ['stats'], summary: '多次被问责人员（两案以上）/ People with two or more cases', querystring: yearsQuerySchema, response: { 200: repeatOut } } },
    async (req) => repeatSubjects(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/stats/repeat-subjects/export',
    { schema: { tags: ['stats'], summary: '导出多次被问责人员为 Excel / Export the repeat subjects (.xlsx)', querystring: yearsQuerySchema } },
    async (req, reply) => {
      const r = await repeatSubjects(ctxOf(req, deps), req.query);
      const buf = await writeWorkbook([
        {
          name: '多次被问责人员',
          columns: [
            { key: 'name', zh: '姓名', en: 'Name', width: 12 },
            { key: 'unitName', zh: '单位', en: 'Unit', width: 24 },
            { key: 'count', zh: '案件数', en: 'Cases', width: 8 },
            { key: 'years', zh: '年度', en: 'Years', width: 18 },
            { key: 'cases', zh: '案件（历史导入已标注）', en: 'Cases (imported marked)', width: 60 },
          ],
          rows: r.people.map((p) => ({ name: p.name, unitName: p.unitName ?? '', count: p.count, years: p.years.join('、'), cases: p.cases.map((c) => (c.imported ? `${c.number}（历史导入）` : c.number)).join('、') })),
        },
      ]);
      const name = `多次被问责人员-${r.from}-${r.to}.xlsx`;
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(buf);
    },
  );

  app.get(
    '/api/v1/stats/drill',
    { schema: { tags: ['stats'], summary: '统计数字背后的案件 / The cases behind a figure', querystring: drillQuerySchema, response: { 200: drillOut } } },
    async (req) => statsDrill(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/stats/export',
    {
      schema: {
        tags: ['stats'],
        summary: '导出统计表为 Excel / Export the statistics tables (.xlsx)',
        querystring: statsExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { year, tables } = await statsExportTables(ctxOf(req, deps), req.query);
      const buf = await writeWorkbook(
        tables.map((x) => ({
          // Sheet names: at most 31 characters, no []:*?/\ (Excel's rules).
          name: x.zh.replace(/[[\]:*?/\\]/g, '').slice(0, 31),
          columns: [
            { key: 'key', zh: '代码', en: 'Key', width: 16 },
            { key: 'zh', zh: '项目', en: 'Item', width: 50 },
            { key: 'en', zh: '英文', en: 'English', width: 40 },
            { key: 'count', zh: '数量', en: 'Count', width: 10 },
          ],
          rows: x.rows,
        })),
      );
      const name = `统计-${year}${req.query.table ? '-' + req.query.table : ''}.xlsx`;
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(buf);
    },
  );
};
