// The shape every step handler shares (see steps.ts and commands.ts).
import type { Tx } from '../../db/tx';
import type { CaseFacts, CaseState } from '../../domain/cases';
import type { Ctx } from '../context';
import type { CaseRow } from './repo';

import type { StagedFile } from '../../files/file-store';

/**
 * A file given to a step: its bytes (demo data, tests, CLI) or an upload already staged while
 * streaming (HTTP, src/server/upload.ts). Either way it reaches the store only after commit.
 */
export type UploadedFile = { filename: string; mimeType: string } & ({ content: Buffer } | { staged: StagedFile });

/** The file as a step handler sees it: named by its hash, not yet in the store. */
export interface StepFile {
  filename: string;
  mimeType: string;
  sha256: string;
  size: number;
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
  file?: StepFile | undefined;
}

export interface StepResult {
  patch?: Partial<CaseRow>;
  /** what the step recorded, for the step row and the audit trail (never reporter identity) */
  data?: Record<string, unknown>;
  created?: { kind: string; id: string };
  /**
   * The next state when it rests on stored data the step's input does not carry (ACTION_DEFS'
   * `to` decides otherwise): a decision changed on a defence or appeal — decided here or by the
   * outside body — sends a served case back to be served (WC-11).
   */
  to?: CaseState;
}

export type StepHandler = (s: StepCtx) => Promise<StepResult>;
