// Early-intervention alerts (issue 12 part 2): the list with 确认 / 指派 / 关闭, the rules
// setting, and an on-demand evaluation (also run at start-up and hourly).
import { z } from 'zod';
import { alertRulesSchema } from '../../services/alerts/alert-rules';
import { actOnAlert, alertActionSchema, alertRulesScopeSchema, alertsQuerySchema, evaluateAlertsNow, getAlertRules, listAlerts, resetAlertRules, setAlertRules } from '../../services/alerts/alerts-service';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const id = z.string().min(1).max(64);
const bi = z.object({ zh: z.string(), en: z.string() });
export const alertOut = z.object({
  id: z.string(),
  rule: z.string(),
  ruleLabel: bi,
  level: z.enum(['notice', 'yellow', 'red']),
  subjectType: z.string(),
  subjectId: z.string(),
  personId: z.string().nullable(),
  unitId: z.string().nullable(),
  titleZh: z.string(),
  titleEn: z.string(),
  detail: z.record(z.string(), z.unknown()),
  status: z.enum(['open', 'acknowledged', 'closed']),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  raisedAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  events: z.array(z.object({ action: z.string(), note: z.string().nullable(), ownerUserId: z.string().nullable(), actorName: z.string().nullable(), at: z.string() })),
});

export const alertRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/alerts', { schema: { tags: ['alerts'], summary: '预警 / Early-intervention alerts', querystring: alertsQuerySchema, response: { 200: z.object({ items: z.array(alertOut) }) } } }, async (req) => ({
    items: await listAlerts(ctxOf(req, deps), req.query),
  }));
  for (const action of ['acknowledge', 'assign', 'close'] as const) {
    app.post(
      `/api/v1/alerts/:id/${action}`,
      { schema: { tags: ['alerts'], summary: `预警${{ acknowledge: '确认', assign: '指派', close: '关闭' }[action]} / ${action} an alert`, params: z.object({ id }), body: alertActionSchema, response: { 200: alertOut } } },
      async (req) => actOnAlert(ctxOf(req, deps), req.params.id, action, req.body),
    );
  }
  const rulesOut = alertRulesSchema.extend({
    scope: z.enum(['org', 'deployment']),
    orgId: z.string().nullable().describe('the organisation whose rules these are; null: the deployment default'),
    inherited: z.boolean().describe('the organisation follows the deployment default'),
  });
  app.get('/api/v1/alerts/rules', { schema: { tags: ['alerts'], summary: '预警规则（本机构） / Alert rules (own organisation)', querystring: alertRulesScopeSchema, response: { 200: rulesOut } } }, async (req) =>
    getAlertRules(ctxOf(req, deps), req.query),
  );
  app.put('/api/v1/alerts/rules', { schema: { tags: ['alerts'], summary: '设置本机构预警规则 / Set the organisation’s alert rules', querystring: alertRulesScopeSchema, body: alertRulesSchema, response: { 200: rulesOut } } }, async (req) =>
    setAlertRules(ctxOf(req, deps), req.body, req.query),
  );
  app.delete('/api/v1/alerts/rules', { schema: { tags: ['alerts'], summary: '本机构恢复部署默认预警规则 / Organisation back to the default alert rules', response: { 200: rulesOut } } }, async (req) =>
    resetAlertRules(ctxOf(req, deps)),
  );
  app.post('/api/v1/alerts/evaluate', { schema: { tags: ['alerts'], summary: '立即检查预警 / Evaluate the alert rules now', response: { 200: z.object({ raised: z.number() }) } } }, async (req) =>
    evaluateAlertsNow(ctxOf(req, deps)),
  );
};
