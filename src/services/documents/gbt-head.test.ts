// GB/T 9704-2012 §7.2: 份号, 密级和保密期限, 紧急程度 on the first lines of the 版心, and 签发人 on the
// 发文字号 line of an upward document — in the PDF and the DOCX, where the content sets them.
import { describe, expect, it } from 'vitest';
import { docxText, hasPdftotext, pdfText } from '../../../test/factories/documents';
import { documentContentSchema } from './content';
import { renderDocx } from './render-docx';
import { renderPdf } from './render-pdf';

const content = documentContentSchema.parse({
  letterhead: '重庆市巴南区住房和城乡建设委员会',
  docNumber: '巴住建问移〔2025〕3号',
  title: '关于移送有关问题线索的函',
  addressee: '区纪委监委',
  paragraphs: [{ style: 'body', text: '现将有关问题线索移送你单位。' }],
  attachments: ['调查报告'],
  signature: { organ: '重庆市巴南区住房和城乡建设委员会', date: '2025-09-01' },
  copyNo: '000001',
  secrecy: { level: '秘密', period: '1年' },
  urgency: '特急',
  signer: '周主任',
});

describe('GB/T 9704-2012 版头 elements', () => {
  it.skipIf(!hasPdftotext)('§7.2.1–7.2.6: the PDF shows 份号, 密级★保密期限, 紧急程度 and 签发人 beside the 发文字号', async () => {
    const text = pdfText(await renderPdf(content, { createdAt: new Date('2025-09-01T02:00:00Z') }));
    expect(text).toContain('000001');
    expect(text).toContain('秘密★1年');
    expect(text).toContain('特急');
    expect(text).toContain('签发人：周主任');
    expect(text.indexOf('000001')).toBeLessThan(text.indexOf('重庆市巴南区住房和城乡建设委员会'));
    expect(text).toContain('附件：调查报告');
  });

  it('the DOCX carries the same elements', async () => {
    const text = docxText(await renderDocx(content, { draftMark: null }));
    for (const s of ['000001', '秘密★1年', '特急', '签发人：', '周主任', '附件：调查报告']) expect(text).toContain(s);
  });

  it('a 份号 is six digits; a 密级 is one of 秘密/机密/绝密', () => {
    expect(documentContentSchema.safeParse({ ...content, copyNo: '12' }).success).toBe(false);
    expect(documentContentSchema.safeParse({ ...content, secrecy: { level: '内部', period: null } }).success).toBe(false);
  });
});
