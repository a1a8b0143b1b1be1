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
  /** SHA-256 of the seal image placed on the issued PDF (org_seals), null when none was uploaded */
  seal_sha256: string | null;
  /** the document_signing_keys row whose certificate signed the issued PDF (PAdES) */
  signing_key_id: string | null;
  /** 国密: SM2 signature (hex DER, SM3) over the issued PDF's SHA-256, when the option was on at issue */
  sm2_signature: string | null;
  /** 送达回证: the issued document whose service it records */
  served_document_id: string | null;
  /**
   * Migration 0570: a document issued before numbers were the system's alone whose 发文字号 an
   * earlier-issued document already carried — the id of that one; null for every other document.
   * The unique index on doc_number passes over these rows only.
   */
  doc_number_clash: string | null;
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

/** An organisation's seal image (uploaded by its system administrator), stored by hash; one active per organisation (0610). */
export interface OrgSealTable {
  id: string;
  /** 0610: the organisation whose seal this is (its documents carry it) */
  org_id: string;
  sha256: string;
  mime_type: string;
  created_by: string | null;
  created_at: string;
  retired_at: string | null;
}

/** An organisation's document-signing certificate (self-signed unless imported) and its SM2 key; one active per organisation (0610). */
export interface DocumentSigningKeyTable {
  id: string;
  /** 0610: the organisation whose documents this key signs */
  org_id: string;
  certificate_pem: string;
  certificate_sha256: string;
  /** PKCS#12 (key + certificate), protected by WENZE_DOCUMENT_KEY_PASSPHRASE (see signing.ts) */
  p12_base64: string;
  sm2_private_hex: string;
  sm2_public_hex: string;
  /** the certificate's subject, as shown */
  subject: string;
  not_after: string;
  created_by: string | null;
  created_at: string;
  retired_at: string | null;
}

/** 送达回证: how an issued document was served (append-only). */
export interface DocumentServiceTable {
  id: string;
  document_id: string;
  case_id: string;
  /** 'direct' 直接送达 | 'lodged' 留置送达 | 'mail' 邮寄送达 | 'entrusted' 委托送达 */
  method: string;
  served_on: string;
  place: string | null;
  recipient_name: string;
  /** 'signed' 受送达人签收 | 'refused' 拒绝签收 */
  outcome: string;
  refusal_reason: string | null;
  /** JSON: [{ name, unit }] — 留置送达 needs at least one witness */
  witnesses: string;
  /** JSON: names of the officers who served it */
  servers: string;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** FL-5(4): where and how a decision is made known (the redacted notice for the public scope). */
export interface CasePublicationTable {
  id: string;
  case_id: string;
  document_id: string | null;
  /** 'commission' 委内 | 'system' 系统内 | 'public' 向社会公开 */
  scope: string;
  channel: string;
  published_on: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentTables {
  org_seals: OrgSealTable;
  document_signing_keys: DocumentSigningKeyTable;
  document_services: DocumentServiceTable;
  case_publications: CasePublicationTable;
  documents: DocumentTable;
  document_versions: DocumentVersionTable;
  document_number_seq: DocumentNumberSeqTable;
}
