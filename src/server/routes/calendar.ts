// The working-day calendar: years of holiday data (read by everyone signed in, loaded by
// administrators), a month view, the deadline rules and the years still missing.
import { z } from 'zod';
import * as calendar from '../../services/calendar-service';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const tags = ['calendar'];
const yearParams = z.object({ year: z.string() });

export const calendarRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/calendar/years',
    {
      schema: {
        tags,
        summary: '已载入节假日数据的年度 / Years with holiday data',
        response: { 200: z.object({ items: z.array(calendar.calendarYearSummaryOut) }) },
      },
    },
    async (req) => ({ items: await calendar.listCalendarYears(ctxOf(req, deps)) }),
  );

  app.get(
    '/api/v1/calendar/years/:year',
    {
      schema: { tags, summary: '某年度的节假日与调休 / A year’s holidays and adjusted working days', params: yearParams, response: { 200: calendar.calendarYearOut } },
    },
    async (req) => calendar.getCalendarYear(ctxOf(req, deps), req.params.year),
  );

  app.put(
    '/api/v1/calendar/years/:year',
    {
      schema: {
        tags,
        summary: '载入或替换某年度的节假日数据（管理员） / Load or replace a year (administrators)',
        description:
          '国务院每年年底公布次年放假安排。holidays：每个放假日（含假期内的周末）及节日名称；workdays：调休上班的周六、周日。' +
          ' / The State Council publishes each next year late in the year. holidays: every day off (weekend days of a period included) with its name; workdays: Saturdays/Sundays that are working days.',
        params: yearParams,
        body: calendar.calendarYearInputSchema,
        response: { 200: calendar.calendarYearOut },
      },
    },
    async (req) => calendar.loadCalendarYear(ctxOf(req, deps), req.params.year, req.body),
  );

  app.get(
    '/api/v1/calendar/month',
    {
      schema: {
        tags,
        summary: '月历：工作日、周末、节假日、调休上班 / Month view: working days, weekends, holidays, adjusted working days',
        querystring: z.object({ year: z.string(), month: z.string() }),
        response: { 200: calendar.calendarMonthOut },
      },
    },
    async (req) => calendar.calendarMonth(ctxOf(req, deps), req.query.year, req.query.month),
  );

  app.get(
    '/api/v1/calendar/uncovered-years',
    {
      schema: {
        tags,
        summary: '缺少节假日数据的年度（相关期限为暂定） / Years without holiday data (deadlines in them are provisional)',
        response: { 200: calendar.uncoveredReportOut },
      },
    },
    async (req) => calendar.uncoveredYearsReport(ctxOf(req, deps)),
  );

  app.get(
    '/api/v1/calendar/due-date',
    {
      schema: {
        tags,
        summary: '期限计算 / Due-date calculator',
        description: 'kind=transfer（WC-9(1)）或 handling（FL-16），或给出 days 与 dayKind。开始当日不计入。 / kind, or days + dayKind; the start day is not counted.',
        querystring: calendar.dueDateQuerySchema,
        response: { 200: calendar.dueDateOut },
      },
    },
    async (req) => calendar.previewDueDate(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/calendar/deadline-rules',
    { schema: { tags, summary: '期限规则（含本系统设置） / Deadline rules with this installation’s settings', response: { 200: calendar.deadlineSettingsOut } } },
    async (req) => calendar.readDeadlineSettings(ctxOf(req, deps)),
  );

  app.patch(
    '/api/v1/calendar/deadline-rules',
    {
      schema: {
        tags,
        summary: '修改期限计算与提醒设置（管理员） / Change deadline counting and warnings (administrators)',
        body: calendar.deadlineSettingsInputSchema,
        response: { 200: calendar.deadlineSettingsOut },
      },
    },
    async (req) => calendar.updateDeadlineSettings(ctxOf(req, deps), req.body),
  );
};
