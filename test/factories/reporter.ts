// The reporter channel (issue 9) as a visitor uses it: solve the proof of work, send the form
// with files as multipart; sample files whose type the server recognises by their bytes.
import type { LightMyRequestResponse } from 'fastify';
import { solveProofOfWork, type PowChallenge } from '../../src/lib/proof-of-work';
import type { TestApp } from '../app';

export interface PartFile {
  name: string;
  type: string;
  content: Buffer;
}

/** multipart/form-data with text fields first, then the files (field `files`). */
export function multipartBody(fields: Record<string, string>, files: PartFile[] = []): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----wenze-reporter-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`));
    parts.push(f.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A PNG of `size` bytes (signature, then filler). */
export function samplePng(size = 256): Buffer {
  const b = Buffer.alloc(Math.max(size, 16), 0x41);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  return b;
}

/** A PDF of about `size` bytes. */
export function samplePdf(size = 256): Buffer {
  const head = Buffer.from('%PDF-1.4\n% sample\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
}

export async function solvedProof(t: TestApp): Promise<string> {
  const c = (await t.as(null, { method: 'GET', url: '/api/v1/public/reports/challenge' })).json() as PowChallenge;
  return JSON.stringify(solveProofOfWork(c));
}

/** The plain JSON report (POST /api/v1/public/reports) with a solved proof of work, as an API client sends it. */
export async function sendJsonReport(
  t: TestApp,
  body: { summary: string; reporter: Record<string, unknown>; orgId?: string },
  opts: { proof?: unknown; remoteAddress?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const proof = opts.proof === undefined ? JSON.parse(await solvedProof(t)) : opts.proof;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    payload: { ...body, ...(proof === null ? {} : { proof }) },
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
}

export interface PublicReportForm {
  what: string;
  who?: string;
  when?: string;
  where?: string;
  reporter?: Record<string, unknown>;
}

export async function sendPublicReport(t: TestApp, form: PublicReportForm, files: PartFile[] = [], opts: { proof?: string | null; remoteAddress?: string } = {}): Promise<LightMyRequestResponse> {
  const proof = opts.proof === undefined ? await solvedProof(t) : opts.proof;
  const m = multipartBody({ ...(proof === null ? {} : { proof }), report: JSON.stringify(form) }, files);
  return t.as(null, { method: 'POST', url: '/api/v1/public/reports/form', ...m, ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}) });
}

export async function reporterFollowUp(t: TestApp, receiptCode: string): Promise<LightMyRequestResponse> {
  return t.as(null, { method: 'POST', url: '/api/v1/public/reports/follow-up', payload: { receiptCode } });
}

export async function reporterWrites(t: TestApp, receiptCode: string, body: string, files: PartFile[] = []): Promise<LightMyRequestResponse> {
  return t.as(null, { method: 'POST', url: '/api/v1/public/reports/messages', ...multipartBody({ receiptCode, body }, files) });
}
