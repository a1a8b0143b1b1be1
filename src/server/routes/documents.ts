// Official documents (公文) of a case: list, draft from the case, edit (new version), issue, and
// download any version as DOCX or PDF. Thin: parse, call one service function, present.
import { z } from 'zod';
import * as documents from '../../services/documents';
import { documentContentSchema } from '../../services/documents/content';
import { DOCUMENT_KINDS } from '../../services/documents/kinds';
import { ctxOf } from '../plugins/auth';
import { INLINE_PDF_HEADERS } from '../plugins/security-headers';
import type { RouteModule } from '../types';

const tags = ['documents'];
const caseParams = z.object({ id: z.string().min(1).max(64) });
const docParams = z.object({ docId: z.string().min(1).max(64) });
const fileParams = z.object({
  docId: z.string().min(1).max(64),
  file: z.string().regex(/^\d{1,5}\.(docx|pdf)$/, { message: '文件名应为 <版本号>.docx 或 <版本号>.pdf / The file must be <version>.docx or <version>.pdf' }),
});

const bi = z.object({ zh: z.string(), en: z.string() });
const serviceRecordOut = z.object({
  id: z.string(),
  method: z.enum(documents.SERVICE_METHODS),
  methodZh: z.string(),
  servedOn: z.string(),
  place: z.string().nullable(),
  recipientName: z.string(),
  outcome: z.enum(['signed', 'refused']),
  refusalReason: z.string().nullable(),
  witnesses: z.array(z.object({ name: z.string(), unit: z.string().optional() })),
  servers: z.array(z.string()),
  note: z.string().nullable(),
  createdAt: z.string(),
});
const sealInfoOut = z.object({
  org: z.object({ id: z.string(), name: z.string() }),
  seal: z.object({ sha256: z.string(), mimeType: z.string(), createdAt: z.string() }).nullable(),
  certificate: z.object({ id: z.string(), subject: z.string(), sha256: z.string(), notAfter: z.string(), createdAt: z.string(), sm2PublicKey: z.string() }).nullable(),
});
const publicVerifyOut = z.object({
  matches: z.boolean(),
  document: z.object({ docNumber: z.string(), title: z.string(), kindZh: z.string(), issuedOn: z.string().nullable(), superseded: z.boolean() }).nullable(),
});
const summaryShape = {
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  kindLabelZh: z.string(),
  kindLabelEn: z.string(),
  citation: z.string(),
  subject: z.object({ personId: z.string(), name: z.string() }).nullable(),
  evidenceId: z.string().nullable(),
  title: z.string(),
  status: z.enum(['draft', 'issued', 'superseded']),
  currentVersion: z.number().int(),
  issuedVersion: z.number().int().nullable(),
  docNumber: z.string().nullable(),
  issuedOn: z.string().nullable(),
  issuedAt: z.string().nullable(),
  supersedesId: z.string().nullable(),
  supersededById: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  allowedActions: z.array(z.enum(['edit', 'issue', 'correct'])).describe('what the caller may do next'),
};
const documentSummaryOut = z.object(summaryShape);
const documentDetailOut = z.object({
  ...summaryShape,
  issuedPdfSha256: z.string().nullable(),
  versions: z.array(
    z.object({
      number: z.number().int(),
      content: documentContentSchema,
      docxSha256: z.string(),
      pdfSha256: z.string(),
      note: z.string().nullable(),
      createdBy: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  warnings: z.array(bi).describe('for the drafter: a stale recommendation, a late transfer, a higher-law limit …'),
  seal: z.object({ sealSha256: z.string().nullable(), signed: z.boolean(), sm2Signed: z.boolean() }).nullable().describe('issued: the seal image placed, the PAdES signature, the SM2 signature (国密)'),
  servedDocumentId: z.string().nullable().describe('送达回证: the document served'),
  services: z.array(serviceRecordOut).describe('送达 records (of this document, or of the document a 送达回证 is for)'),
  pinned: z
    .object({ source: bi, fields: z.array(z.string()), paragraphs: z.array(z.number().int()).describe('the places of the paragraphs taken from the record'), stale: z.boolean() })
    .nullable()
    .describe('a draft with parts taken from a record (会议纪要: the meeting record, FL-5(4), FL-15): the field labels and the number of leading paragraphs no edit may change; stale: the draft no longer agrees with the record (draft anew)'),
});
const listOut = z.object({
  items: z.array(documentSummaryOut),
  draftableKinds: z
    .array(
      z.object({
        kind: z.enum(DOCUMENT_KINDS),
        zh: z.string(),
        en: z.string(),
        citation: z.string(),
        perSubject: z.boolean(),
        available: z.boolean().describe('the case has what this kind needs now'),
        reason: bi.nullable().describe('why not, naming the article'),
        subjects: z.array(z.object({ personId: z.string(), name: z.string() })).describe('per-subject kinds: the subjects it can be drafted for'),
      }),
    )
    .describe('the kinds the caller may draft, tried against the case data'),
});

/** RFC 6266 / RFC 5987: an ASCII fallback name and the UTF-8 Chinese name. */
export const attachmentHeader = (name: string): string => {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
};

export const documentRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/v1/cases/:id/documents',
    { schema: { tags, summary: '案件的公文 / Documents of a case', params: caseParams, response: { 200: listOut } } },
    async (req) => documents.listDocuments(ctxOf(req, deps), req.params.id),
  );

  app.post(
    '/api/v1/cases/:id/documents',
    {
      schema: {
        tags,
        summary: '根据案件数据起草公文 / Draft a document from the case data',
        params: caseParams,
        body: documents.draftInputSchema,
        response: { 201: documentDetailOut },
      },
    },
    async (req, reply) => reply.status(201).send(await documents.createDraft(ctxOf(req, deps), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/documents/:docId',
    { schema: { tags, summary: '公文及其各版本 / A document with its versions', params: docParams, response: { 200: documentDetailOut } } },
    async (req) => documents.getDocument(ctxOf(req, deps), req.params.docId),
  );

  app.put(
    '/api/v1/documents/:docId',
    {
      schema: {
        tags,
        summary: '修改公文（保存为新版本） / Edit a document (saved as a new version)',
        params: docParams,
        body: documents.editInputSchema,
        response: { 200: documentDetailOut },
      },
    },
    async (req) => documents.editDocument(ctxOf(req, deps), req.params.docId, req.body),
  );

  app.post(
    '/api/v1/documents/:docId/issue',
    {
      schema: {
        tags,
        summary: '印发公文（冻结版本，编号，存档 PDF） / Issue a document (freezes the version, numbers it, stores the PDF)',
        params: docParams,
        body: documents.issueInputSchema,
        response: { 200: documentDetailOut },
      },
    },
    async (req) => documents.issueDocument(ctxOf(req, deps), req.params.docId, req.body),
  );

  app.post(
    '/api/v1/documents/:docId/preview',
    {
      schema: {
        tags,
        summary: '预览未保存的修改（PDF，不存档） / Preview unsaved edits (PDF, not stored)',
        params: docParams,
        body: z.object({ content: documentContentSchema }),
      },
    },
    async (req, reply) => {
      const pdf = await documents.previewDocument(ctxOf(req, deps), req.params.docId, req.body);
      return reply.type('application/pdf').headers(INLINE_PDF_HEADERS).header('content-disposition', 'inline; filename="preview.pdf"').header('cache-control', 'private, no-store').send(pdf);
    },
  );

  app.post(
    '/api/v1/documents/:docId/services',
    {
      schema: {
        tags,
        summary: '记录送达（送达回证） / Record the service of an issued document (proof of service)',
        params: docParams,
        body: documents.serviceInputSchema,
        response: { 200: z.object({ items: z.array(serviceRecordOut) }) },
      },
    },
    async (req) => ({ items: await documents.recordService(ctxOf(req, deps), req.params.docId, req.body) }),
  );

  const publicationOut = z.object({
    id: z.string(),
    scope: z.enum(documents.PUBLICATION_SCOPES),
    scopeZh: z.string(),
    channel: z.string(),
    documentId: z.string().nullable(),
    docNumber: z.string().nullable(),
    publishedOn: z.string().nullable(),
    createdAt: z.string(),
  });
  app.get(
    '/api/v1/cases/:id/publications',
    { schema: { tags, summary: '处理决定的公开（范围、渠道、日期） / Publication of the decision (FL-5(4))', params: caseParams, response: { 200: z.object({ items: z.array(publicationOut) }) } } },
    async (req) => ({ items: await documents.listPublications(ctxOf(req, deps), req.params.id) }),
  );
  app.post(
    '/api/v1/cases/:id/publications',
    {
      schema: {
        tags,
        summary: '记录公开（FL-5(4)：委内、系统内或向社会公开） / Record a publication (FL-5(4))',
        params: caseParams,
        body: documents.publicationInputSchema,
        response: { 200: z.object({ items: z.array(publicationOut) }) },
      },
    },
    async (req) => ({ items: await documents.recordPublication(ctxOf(req, deps), req.params.id, req.body) }),
  );
  // Public (rate limited): the notices published to the public — redacted, never the reporter.
  app.get(
    '/api/v1/public/notices',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: '向社会公开的责任追究通报 / Accountability notices published to the public (FL-5(4))',
        response: {
          200: z.object({
            items: z.array(z.object({ docNumber: z.string().nullable(), title: z.string(), publishedOn: z.string(), channel: z.string(), organ: z.string().nullable(), paragraphs: z.array(z.object({ style: z.string(), text: z.string() })) })),
          }),
        },
      },
    },
    async () => ({ items: await documents.publicNotices(deps) }),
  );

  app.get(
    '/api/v1/documents/seal',
    { schema: { tags, summary: '单位印章与签名证书 / The organisation’s seal and signing certificate', querystring: documents.sealOrgSchema, response: { 200: sealInfoOut } } },
    async (req) => documents.sealInfo(ctxOf(req, deps), req.query),
  );

  app.get(
    '/api/v1/documents/seal/image',
    { schema: { tags, summary: '当前单位印章图像 / The active seal image', querystring: documents.sealOrgSchema } },
    async (req, reply) => {
      const s = await documents.sealImage(ctxOf(req, deps), req.query);
      return reply.header('content-type', s.mimeType).header('x-content-sha256', s.sha256).header('cache-control', 'no-store').send(s.image);
    },
  );

  app.put(
    '/api/v1/documents/seal',
    { bodyLimit: 1_500_000, schema: { tags, summary: '上传单位印章图像（系统管理员） / Upload the seal image (system administrator)', body: documents.sealUploadSchema, response: { 200: sealInfoOut } } },
    async (req) => documents.uploadSeal(ctxOf(req, deps), req.body),
  );

  app.post(
    '/api/v1/documents/signing-key',
    { schema: { tags, summary: '生成新的单位签名证书（系统管理员） / New organisation signing certificate (system administrator)', body: documents.sealOrgSchema.optional(), response: { 200: sealInfoOut } } },
    async (req) => documents.rotateSigningKey(ctxOf(req, deps), req.body),
  );

  app.post(
    '/api/v1/documents/signing-key/import',
    {
      bodyLimit: 200_000,
      schema: {
        tags,
        summary: '导入单位签名证书（PKCS#12 与口令，系统管理员） / Import the organisation’s signing certificate (PKCS#12 and passphrase, system administrator)',
        description: 'The passphrase opens the file once; it and the private key are never returned or written to the audit trail.',
        body: documents.signingKeyImportSchema,
        response: { 200: sealInfoOut },
      },
    },
    async (req) => documents.importOrgSigningKey(ctxOf(req, deps), req.body),
  );

  // Public (rate limited, src/server/plugins/rate-limits.ts): whether a copy is the issued document.
  app.get(
    '/api/v1/public/documents/verify',
    {
      config: { public: true },
      schema: {
        tags: ['public'],
        summary: '公文核验：发文字号 + 文件校验值 / Verify a document by number and file hash',
        description: 'The browser computes the SHA-256 of the PDF; nothing is uploaded. Says nothing about a number unless the hash matches.',
        querystring: documents.publicVerifySchema,
        response: { 200: publicVerifyOut },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return documents.publicVerify(deps, req.query);
    },
  );

  app.get(
    '/api/v1/documents/:docId/versions/:file',
    {
      schema: {
        tags,
        summary: '下载某一版本（<n>.docx 或 <n>.pdf） / Download a version (<n>.docx or <n>.pdf)',
        params: fileParams,
        querystring: z.object({ inline: z.enum(['1']).optional().describe('1: show the PDF in the browser (preview, print) instead of saving it') }),
      },
    },
    async (req, reply) => {
      const [n, ext] = req.params.file.split('.') as [string, documents.FileFormat];
      const f = await documents.downloadVersion(ctxOf(req, deps), req.params.docId, Number(n), ext);
      const inline = req.query.inline === '1' && ext === 'pdf';
      if (inline) void reply.headers(INLINE_PDF_HEADERS);
      return reply
        .type(f.mimeType)
        .header('content-disposition', inline ? attachmentHeader(f.fileName).replace(/^attachment/, 'inline') : attachmentHeader(f.fileName))
        .header('x-content-sha256', f.sha256)
        .header('cache-control', 'private, no-store')
        .send(f.content);
    },
  );
};
