// The accountability case service: intake, the lifecycle commands, views, lists, the queue.
// For seeding and benchmarks, see test/factories/cases.ts (drives a case to any state).
export { createCase, submitPublicReport, normalizeReceiptCode, type IntakeResult } from './intake';
export {
  submitPublicReportWithFiles,
  reporterFollowUp,
  reporterAddsMessage,
  readReporterThread,
  staffWritesToReporter,
  sendReporterDraft,
  discardReporterDraft,
  downloadReporterAttachment,
  ATTACHMENT_LIMITS,
  receiptCodeSchema as receiptCodeBody,
  staffMessageSchema as staffMessageBody,
  sendDraftSchema as sendDraftBody,
  type IncomingFile,
} from './reporter-channel';
export { performAction, precheckAction, type ActionResult } from './commands';
export { getCase, caseViewAfterWrite, caseTimeline, buildCaseView, findingHistory, type CaseView } from './views';
export { listCases, myQueue } from './list';
export { teamCandidates, type TeamCandidateOut } from './team-candidates';
export { downloadEvidenceFile, evidenceText, setEvidenceDisclosure } from './evidence';
export { listCaseEvidence, EVIDENCE_PAGE_SIZE, EVIDENCE_PAGE_MAX } from './evidence-list';
export { formatCaseNumber, CASE_NUMBER_PREFIX } from './case-numbers';
export { RIGHTS_TEXT } from './steps-decision';
export { driveCaseTo, stepToward, holdMeeting, type DriveActors, type DriveOptions, type MeetingPlan } from './drive';
