// Official documents (公文) generated from case data: see service.ts (commands and queries),
// kinds.ts (what exists, who drafts and reads it), generate.ts (drafts from the case),
// render-docx.ts / render-pdf.ts (GB/T 9704-2012 layout) and redact.ts.
export { createDraft, editDocument, previewDocument, issueDocument, listDocuments, getDocument, downloadVersion, draftInputSchema, editInputSchema, issueInputSchema, mayRead, mayDraft } from './service';
export type { DocumentSummary, DocumentDetail, DocumentVersionOut, DocumentAction, DraftableKind, FileFormat } from './service';
export { DOCUMENT_KINDS, KIND_DEFS, type DocumentKind } from './kinds';
export { documentContentSchema, chineseDate, type DocumentContent } from './content';
export { activeSealImage, sealImage, sealInfo, uploadSeal, rotateSigningKey, importOrgSigningKey, sealUploadSchema, sealOrgSchema, signingKeyImportSchema, type SealInfo } from './seal';
export { verifyIssuedFile, publicVerify, publicVerifySchema, type FileVerification, type PublicVerification } from './verify';
export { recordService, serviceInputSchema, SERVICE_METHODS, SERVICE_METHOD_ZH, type ServiceRecord } from './service-records';
export { recordPublication, listPublications, publicNotices, publicationInputSchema, PUBLICATION_SCOPES, type PublicationRecord, type PublicNotice } from './publication';
export { sealDocumentFiles, readDocumentFile, type SealFilesResult } from './sealed-files';
