// The reporter channel (issue 9): the thread between a reporter and the clerks, its attachments,
// the details of a public report. Content columns hold sealed text (src/crypto/report-seal.ts).
export interface ReporterMessageTable {
  id: string;
  case_id: string;
  author: 'reporter' | 'staff';
  actor_id: string | null;
  kind: 'report' | 'message' | 'question' | 'outcome';
  outcome_of: string | null;
  status: 'draft' | 'sent' | 'discarded';
  body_sealed: string;
  created_at: string;
  sent_at: string | null;
}

export interface ReporterAttachmentTable {
  id: string;
  case_id: string;
  message_id: string;
  /** SHA-256 of the sealed bytes in the file store */
  file_sha256: string;
  sealed_size: number;
  meta_sealed: string;
  created_at: string;
}

export interface PublicReportDetailsTable {
  case_id: string;
  details_sealed: string;
  created_at: string;
}

export interface ReporterChannelTables {
  reporter_messages: ReporterMessageTable;
  reporter_attachments: ReporterAttachmentTable;
  public_report_details: PublicReportDetailsTable;
}
