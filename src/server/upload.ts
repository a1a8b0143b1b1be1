// Reading a multipart upload safely (等保2.0 入侵防范, docs/security-hardening.md):
// - the fields that come before the file are read first, and `beforeFile` (authorization, the
//   case, its version, the step, the quota) runs before the first byte of the file is read, so a
//   refused request stores nothing;
// - the file is streamed to a staging file, hashed and counted on the way, with the size limit
//   enforced while streaming (the plugin's fileSize limit, and the caller's allowance);
// - on any refusal the staged file is removed; a malformed body is BAD_MULTIPART (400), never 500.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors';
import { mediaTypeOrOctetStream } from '../files/content-type';
import { StageLimitError, type FileStore, type StagedFile } from '../files/file-store';
import { badTextError, textProblemOf } from '../lib/text-hygiene';
import { EVIDENCE_FILE_NAME_MAX } from '../domain/cases';

export interface StagedUpload {
  staged: StagedFile;
  filename: string;
  mimeType: string;
}

export interface UploadPlan {
  /** Called once, before the file's first byte is read, with the fields sent before it. */
  beforeFile(fields: Record<string, string>): Promise<{ limit: number; overLimit: () => AppError }>;
}

const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 1024 * 1024;

export function badMultipart(why?: string): AppError {
  return new AppError('BAD_MULTIPART', why ? { zh: why, en: why } : undefined);
}

/**
 * Reads the fields and at most one file. Throws a coded AppError for every refusal, having removed
 * whatever was staged. The caller passes the staged file on and must discard it if it refuses.
 */
export async function readUpload(req: FastifyRequest, reply: FastifyReply, files: FileStore, plan: UploadPlan): Promise<{ fields: Record<string, string>; file?: StagedUpload }> {
  if (!req.isMultipart()) throw new AppError('BAD_REQUEST', { zh: '须以 multipart/form-data 上传', en: 'use multipart/form-data' });
  // RFC 2046: a boundary of 1–70 characters. Busboy reads an empty one as "no parts".
  const boundary = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(String(req.headers['content-type'] ?? ''));
  const b = boundary ? (boundary[1] ?? boundary[2] ?? '') : '';
  if (b.length < 1 || b.length > 70) {
    reply.header('connection', 'close');
    throw badMultipart('the multipart boundary is missing or longer than 70 characters');
  }
  const fields: Record<string, string> = {};
  let file: StagedUpload | undefined;
  try {
    for await (const part of req.parts({ limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        if (file) throw new AppError('BAD_REQUEST', { zh: '每次只能上传一个文件', en: 'one file per upload' });
        const name = part.filename || 'file';
        const problem = textProblemOf(name);
        if (problem) throw badTextError('file.filename', problem);
        // a sane bound, checked before any byte is kept (the step checks it again for every path)
        if ([...name].length > EVIDENCE_FILE_NAME_MAX) {
          const zh = `文件名不得超过 ${EVIDENCE_FILE_NAME_MAX} 个字符`;
          const en = `the file name may not be longer than ${EVIDENCE_FILE_NAME_MAX} characters`;
          throw new AppError('VALIDATION_FAILED', { zh: `file.filename：${zh}`, en: `file.filename: ${en}` }, { fields: [{ path: 'file.filename', code: 'too_big', zh, en }] });
        }
        const { limit, overLimit } = await plan.beforeFile({ ...fields });
        let staged: StagedFile;
        try {
          staged = await files.stage(part.file, limit);
        } catch (err) {
          if (err instanceof StageLimitError) throw overLimit();
          throw err;
        }
        if (part.file.truncated) {
          await files.discard(staged);
          throw new AppError('FILE_TOO_LARGE', { zh: '文件超过允许的大小', en: 'the file is larger than allowed' });
        }
        // the part's Content-Type only when a valid media type (a control character in it made every
        // download of the stored file a 500): src/files/content-type.ts
        file = { staged, filename: name, mimeType: mediaTypeOrOctetStream(part.mimetype) };
      } else {
        if (typeof part.value !== 'string') throw badMultipart('field values must be text');
        if (part.valueTruncated || part.fieldnameTruncated) throw new AppError('FILE_TOO_LARGE', { zh: `字段 ${part.fieldname} 过长`, en: `field ${part.fieldname} is too long` });
        const problem = textProblemOf(part.fieldname) ?? textProblemOf(part.value);
        if (problem) throw badTextError(`body.${textProblemOf(part.fieldname) ? JSON.stringify(part.fieldname).slice(1, -1) : part.fieldname}`, problem);
        if (part.fieldname === '__proto__' || part.fieldname === 'constructor' || part.fieldname === 'prototype') throw badMultipart('invalid field name');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (file) await files.discard(file.staged);
    // The rest of the body is not read: close the connection rather than drain it.
    reply.header('connection', 'close');
    throw asUploadError(err);
  }
  return file ? { fields, file } : { fields };
}

/** Busboy's and the plugin's failures in the coded shape: the caller's fault, 4xx. */
export function asUploadError(err: unknown): unknown {
  if (isAppError(err)) return err;
  const e = err as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 413) return new AppError('FILE_TOO_LARGE', { en: String(e.message ?? '') });
    return badMultipart(String(e.message ?? ''));
  }
  return badMultipart(typeof e?.message === 'string' ? e.message : undefined);
}
