// The registers' public API for routes, the CLI and other services. Service functions taking a
// `Ctx` authorize first (registers.read / registers.write) and run their own transaction; the
// `…InTx(tx, by, …)` functions run inside the caller's transaction for callers that authorized
// their own action (case workflow, spreadsheet import, demo data); `get…/find…(dbOrTx, …)`
// readers do no authorization.
export * from './schemas';
export { CERTIFICATE_TRANSITIONS, canTransition, certificateStatusOn, hasValidCertificateOn } from './certificate-status';
export type { CertificateValidity, CertificateWithHistoryLike, StatusChangeLike } from './certificate-status';
export { txActorOf } from './internal';
export type { CorrectionNeed, DbOrTx, InTxActor } from './internal';
export {
  buildUnitTree,
  createUnit,
  createUnitInTx,
  deactivateUnit,
  findUnitByShortCode,
  getUnit,
  listUnitTree,
  loadUnits,
  moveUnit,
  reactivateUnit,
  unitAndDescendantIds,
  updateUnit,
  updateUnitInTx,
} from './units-service';
export {
  createPerson,
  createPersonInTx,
  deactivatePerson,
  findPersonByEmployeeNo,
  getPeopleByIds,
  getPerson,
  listPeople,
  reactivatePerson,
  updatePerson,
  updatePersonInTx,
  changePersonPostInTx,
  getPostHistory,
  postChangeNeed,
  peopleOfNameKeys,
  registeredAs,
  SAME_NAME_HINT,
  SAME_NAME_REASON_ASKED,
} from './people-service';
export type { PostChangeInput, PostHistoryEntry } from './people-service';
export {
  changeCertificateStatus,
  changeCertificateStatusInTx,
  createCertificate,
  createCertificateInTx,
  getCertificate,
  getCertificateRecord,
  getCertificateRegisterForPeople,
  listCertificates,
  suspendCertificate,
  suspendCertificateForPeriod,
  endSuspensionEarlyInTx,
  updateCertificate,
  updateCertificateInTx,
  qualificationCorrectionNeed,
} from './certificates-service';
export type { CertificateRecord, PersonCertificates, StatusChangeResult, SuspendCertificateInput } from './certificates-service';
export {
  addOriginalCaseCompensation,
  addOriginalCaseOutcome,
  createOriginalCase,
  createOriginalCaseInTx,
  findOriginalCaseByNumber,
  findOriginalCaseInvolvements,
  getOriginalCase,
  getOriginalCaseFull,
  listOriginalCases,
  listPersonInvolvements,
  recordCompensationInTx,
  recordOutcomeInTx,
  updateOriginalCase,
  updateOriginalCaseInTx,
  originalCaseCorrectionNeed,
} from './original-cases-service';
