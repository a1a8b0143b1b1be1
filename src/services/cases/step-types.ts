// The shape every step handler shares (see steps.ts and commands.ts).
import type { Tx } from '../../db/tx';
import type { CaseFacts, CaseState } from '../../domain/cases';
import type { Ctx } from '../context';
import type { CaseRow } from './repo';

export interface UploadedFile {
  content: Buffer;
  filename: string;
  mimeType: string;
}

export interface StepCtx {
  ctx: Ctx;
  tx: Tx;
  row: CaseRow;
  facts: CaseFacts;
  // The step's input, validated by its schema (ACTION_SCHEMAS[def.needs]); handlers cast it.
  input: Record<string, unknown>;
  to: CaseState;
  now: string;
  citation: string;
  file?: (UploadedFile & { sha256: string; size: number }) | undefined;
}

export interface StepResult {
  patch?: Partial<CaseRow>;
  /** what the step recorded, for the step row and the audit trail (never reporter identity) */
  data?: Record<string, unknown>;
  created?: { kind: string; id: string };
}

export type StepHandler = (s: StepCtx) => Promise<StepResult>;
