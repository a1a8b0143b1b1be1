// Response checks shared by the cross-cutting API tests.
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { ERRORS } from '../../src/errors';
import { NASTY_STRINGS } from './arbitraries';

// Stack frames, engine error names and SQL statements must never reach a caller.
const LEAKS = [/\n\s+at [^\n]+:\d+:\d+/, /\(\/[^)]+\.(ts|js):\d+/, /node_modules/, /SQLITE_[A-Z]/, /\bselect\b[^"]{0,200}\bfrom\b/i, /\binsert into\b/i, /\bsyntax error\b/i, /\brelation "/i, /\bviolates\b/i, /duplicate key value/i];

/** The coded error shape, with a code from the catalog and the status that code carries. */
export function expectCodedError(res: LightMyRequestResponse, what: string): string {
  let body: { error?: { code?: unknown; messageZh?: unknown; messageEn?: unknown } };
  try {
    body = res.json();
  } catch {
    throw new Error(`${what}: ${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`);
  }
  const code = body.error?.code;
  expect(typeof code === 'string' && code in ERRORS, `${what}: unknown error code ${String(code)} in ${res.body.slice(0, 300)}`).toBe(true);
  expect(typeof body.error?.messageZh === 'string' && body.error.messageZh.length > 0, `${what}: messageZh`).toBe(true);
  expect(typeof body.error?.messageEn === 'string' && body.error.messageEn.length > 0, `${what}: messageEn`).toBe(true);
  const expected = ERRORS[code as keyof typeof ERRORS].status;
  // Fastify's own 415/406 keep their status under BAD_REQUEST.
  const ok = res.statusCode === expected || (code === 'BAD_REQUEST' && [406, 415].includes(res.statusCode));
  expect(ok, `${what}: status ${res.statusCode} for code ${String(code)} (catalog: ${expected})`).toBe(true);
  return code as string;
}

/**
 * The fuzzer's own inputs taken out of a body. A message may quote text a caller stored earlier
 * (a recusal's reason in 已自行回避（…）), so a stored '1; SELECT pg_sleep(0)' comes back beside the
 * English "from": that is the caller's input, not the server's SQL.
 */
export function withoutFuzzInput(body: string): string {
  let out = body;
  for (const s of NASTY_STRINGS) {
    if (s.trim().length < 4) continue;
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) out = out.split(form).join('');
  }
  return out;
}

export function expectNoLeak(res: LightMyRequestResponse, what: string): void {
  const ct = String(res.headers['content-type'] ?? '');
  if (!ct.includes('json') && res.statusCode < 400) return;
  const body = withoutFuzzInput(res.body);
  for (const re of LEAKS) expect(re.test(body), `${what}: response leaks ${re}: ${res.body.slice(0, 300)}`).toBe(false);
}

/** For the checks' own test: whether a body would count as a leak. */
export function leaks(body: string): boolean {
  return LEAKS.some((re) => re.test(withoutFuzzInput(body)));
}


/** A spreadsheet answer's text as a person reads it, cell by cell (sheets in order, one cell a line). */
export async function spreadsheetText(payload: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? '')))));
  return cells.join('\n');
}
