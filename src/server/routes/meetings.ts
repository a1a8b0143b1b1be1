// The decision body's register and its meetings (FL-15, WC-9(3), FL-5(4)); see
// src/services/meetings/meeting-service.ts.
import { z } from 'zod';
import {
  addDecisionBodyMember,
  decisionBodyAwaiting,
  decisionBodyCandidates,
  closeMeeting,
  confirmOpinion,
  createMeeting,
  getMeeting,
  listCaseMeetings,
  listDecisionBody,
  recordOpinion,
  setAttendance,
  setMinutes,
  updateDecisionBodyMember,
} from '../../services/meetings/meeting-service';
import { attendanceSchema, awaitingOut, candidateOut, closeSchema, meetingCreateSchema, meetingOut, memberAddSchema, memberOut, memberUpdateSchema, minutesSchema, opinionSchema } from '../../services/meetings/schemas';
import { ctxOf } from '../plugins/auth';
import type { RouteModule } from '../types';

const idParams = z.object({ id: z.string().min(1).max(64) });
const tags = ['meetings'];

export const meetingRoutes: RouteModule = (app, deps) => {
  app.get('/api/v1/decision-body', { schema: { tags, summary: '委党委会成员名册 / Members of the decision body', response: { 200: z.object({ items: z.array(memberOut) }) } } }, async (req) => listDecisionBody(ctxOf(req, deps)));
  // FL-15: what the legal-affairs clerk needs to change the roster (decisionBody.manage)
  app.get('/api/v1/decision-body/candidates', { schema: { tags, summary: '可列入委党委会成员名册的人员 / Who may be put on the roster', response: { 200: z.object({ items: z.array(candidateOut) }) } } }, async (req) =>
    decisionBodyCandidates(ctxOf(req, deps)),
  );
  app.get('/api/v1/decision-body/awaiting', { schema: { tags, summary: '是否有案件待委党委会审议（减少成员须写明理由）/ Whether a case waits for the body', response: { 200: awaitingOut } } }, async (req) =>
    decisionBodyAwaiting(ctxOf(req, deps)),
  );
  app.post('/api/v1/decision-body', { schema: { tags, summary: '增加委党委会成员 / Add a member', body: memberAddSchema, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) =>
    reply.status(201).send(await addDecisionBodyMember(ctxOf(req, deps), req.body)),
  );
  app.patch('/api/v1/decision-body/:id', { schema: { tags, summary: '修改委党委会成员 / Update a member', params: idParams, body: memberUpdateSchema, response: { 200: z.object({ id: z.string() }) } } }, async (req) =>
    updateDecisionBodyMember(ctxOf(req, deps), req.params.id, req.body),
  );

  app.get('/api/v1/cases/:id/meetings', { schema: { tags, summary: '本案的委党委会会议 / Meetings on a case', params: idParams, response: { 200: z.object({ items: z.array(meetingOut) }) } } }, async (req) =>
    listCaseMeetings(ctxOf(req, deps), req.params.id),
  );
  app.post('/api/v1/meetings', { schema: { tags, summary: '召集会议 / Convene a meeting', body: meetingCreateSchema, response: { 201: meetingOut } } }, async (req, reply) =>
    reply.status(201).send(await createMeeting(ctxOf(req, deps), req.body)),
  );
  app.get('/api/v1/meetings/:id', { schema: { tags, summary: '会议记录 / A meeting', params: idParams, response: { 200: meetingOut } } }, async (req) => getMeeting(ctxOf(req, deps), req.params.id));
  app.post('/api/v1/meetings/:id/attendance', { schema: { tags, summary: '登记出席、缺席或回避 / Record attendance or recusal', params: idParams, body: attendanceSchema, response: { 200: meetingOut } } }, async (req) =>
    setAttendance(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post('/api/v1/meetings/:id/opinions', { schema: { tags, summary: '记录成员意见 / Record a member’s opinion', params: idParams, body: opinionSchema, response: { 200: meetingOut } } }, async (req) =>
    recordOpinion(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post('/api/v1/meetings/:id/confirm', { schema: { tags, summary: '确认本人意见（会签）/ Confirm my own opinion', params: idParams, body: z.object({}).optional(), response: { 200: meetingOut } } }, async (req) =>
    confirmOpinion(ctxOf(req, deps), req.params.id),
  );
  app.post('/api/v1/meetings/:id/minutes', { schema: { tags, summary: '会议纪要 / Minutes', params: idParams, body: minutesSchema, response: { 200: meetingOut } } }, async (req) =>
    setMinutes(ctxOf(req, deps), req.params.id, req.body),
  );
  app.post('/api/v1/meetings/:id/close', { schema: { tags, summary: '主持人闭会 / The chair closes the meeting', params: idParams, body: closeSchema, response: { 200: meetingOut } } }, async (req) =>
    closeMeeting(ctxOf(req, deps), req.params.id, req.body),
  );
};
