// Reading a multipart body whose files are held in memory (the reporter channel, issue 9): the
// files are sealed before they are stored, so they cannot be streamed into the plaintext-hashed
// staging area. Bounded: a few files, each with a size limit enforced while reading; the fields
// sent before the first file are checked (`beforeFirstFile`: the anti-abuse proof) before any
// file byte is kept. Every refusal is a coded 4xx.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import { badTextError, textProblemOf } from '../lib/text-hygiene';
import { asUploadError, badMultipart } from './upload';

export interface MemoryUpload {
  fields: Record<string, string>;
  files: { filename: string; content: Buffer }[];
}

export interface MemoryUploadPlan {
  maxFiles: number;
  maxFileBytes: number;
  /** once, before the first file's bytes are read (and at the end when there is no file) */
  beforeFirstFile(fields: Record<string, string>): Promise<void> | void;
}

export async function readMemoryUpload(req: FastifyRequest, reply: FastifyReply, plan: MemoryUploadPlan): Promise<MemoryUpload> {
  if (!req.isMultipart()) throw new AppError('BAD_REQUEST', { zh: '须以 multipart/form-data 上传', en: 'use multipart/form-data' });
  const fields: Record<string, string> = {};
  const files: MemoryUpload['files'] = [];
  let checked = false;
  try {
    for await (const part of req.parts({ limits: { fields: 20, fieldSize: 64 * 1024, files: plan.maxFiles, fileSize: plan.maxFileBytes } })) {
      if (part.type === 'file') {
        if (!checked) {
          await plan.beforeFirstFile({ ...fields });
          checked = true;
        }
        const name = part.filename || 'file';
        const problem = textProblemOf(name);
        if (problem) throw badTextError('file.filename', problem);
        const content = await part.toBuffer();
        if (part.file.truncated) throw new AppError('FILE_TOO_LARGE', { zh: `每个文件不超过 ${plan.maxFileBytes / 1024 / 1024} MB`, en: `each file at most ${plan.maxFileBytes / 1024 / 1024} MB` });
        files.push({ filename: name, content });
      } else {
        if (typeof part.value !== 'string') throw badMultipart('field values must be text');
        if (part.valueTruncated || part.fieldnameTruncated) throw new AppError('FILE_TOO_LARGE', { zh: `字段 ${part.fieldname} 过长`, en: `field ${part.fieldname} is too long` });
        const problem = textProblemOf(part.fieldname) ?? textProblemOf(part.value);
        if (problem) throw badTextError(`body.${part.fieldname}`, problem);
        if (part.fieldname === '__proto__' || part.fieldname === 'constructor' || part.fieldname === 'prototype') throw badMultipart('invalid field name');
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    reply.header('connection', 'close');
    throw asUploadError(err);
  }
  if (!checked) await plan.beforeFirstFile({ ...fields });
  return { fields, files };
}
