// The case API's shapes, taken from the server's response schemas (type-only: nothing of the
// server is bundled), so the pages cannot drift from what the API sends.
import type { z } from 'zod';
import type { caseListOut, caseOut, intakeOut, queueOut, reporterOut, timelineOut, actionResultOut, deadlineOut } from '../../../src/services/cases/schemas-out';

export type CaseView = z.infer<typeof caseOut>;
export type CaseList = z.infer<typeof caseListOut>;
export type CaseListItem = CaseList['items'][number];
export type Queue = z.infer<typeof queueOut>;
export type Timeline = z.infer<typeof timelineOut>;
export type TimelineItem = Timeline['items'][number];
export type ReporterOut = z.infer<typeof reporterOut>;
export type IntakeOut = z.infer<typeof intakeOut>;
export type ActionResult = z.infer<typeof actionResultOut>;
export type Deadline = z.infer<typeof deadlineOut>;
export type AllowedAction = CaseView['allowedActions'][number];
