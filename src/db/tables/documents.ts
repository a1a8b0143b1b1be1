// Official documents (公文) generated from case data (domain.md §5): each document is a draft
// until issued; every edit is a new version (content JSON + rendered DOCX/PDF by SHA-256 in the
// content-addressed store); issue freezes one version for good. A correction is a new document
// that supersedes the issued one (both kept). Nothing is deleted.
// Conventions: text ids; ISO UTC timestamps; 'YYYY-MM-DD' dates; JSON as text.

export interface DocumentTable {
  id: string;
  case_id: string;
  /** DocumentKind (src/services/documents/kinds.ts) */
  kind: string;
  /** the subject the document concerns (decision notice, transfers, recovery notice), else null */
  subject_person_id: string | null;
  /** the evidence item an interview record was drawn from */
  evidence_id: string | null;
  /** title of the latest version, for lists */
  title: string;
  /** 'draft' | 'issued' | 'superseded' (set when a correction supersedes it) */
  status: string;
  /** number of the latest version; also the optimistic-concurrency token (expectedVersion) */
  current_version: number;
  issued_version: number | null;
  /** 发文字号 of the issued version */
  doc_number: string | null;
  issued_on: string | null;
  issued_at: string | null;
  issued_by: string | null;
  /** SHA-256 of the issued PDF (stored_files) */
  issued_pdf_sha256: string | null;
  /** SHA-256 of the issued DOCX (without the draft mark) */
  issued_docx_sha256: string | null;
  /** the issued document this one corrects */
  supersedes_id: string | null;
  superseded_by_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Append-only: every version of a document's content, with its rendered files. */
export interface DocumentVersionTable {
  id: string;
  document_id: string;
  /** 1, 2, … per document */
  number: number;
  /** JSON of DocumentContent */
  content: string;
  docx_sha256: string;
  pdf_sha256: string;
  /** why this version was made (generated / edited / numbered at issue) */
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** 发文字号 sequences: one counter per prefix and year (巴住建问决〔2025〕3号). */
export interface DocumentNumberSeqTable {
  prefix: string;
  year: number;
  last: number;
}

export interface DocumentTables {
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  document_number_seq: DocumentNumberSeqTable;
}
