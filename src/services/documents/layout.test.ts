// The pure parts of the document layer: dates and citations in the words of an official
// document, GB/T 9704-2012 line breaking, redaction.
import { describe, expect, it } from 'vitest';
import { citationsZh, citationZh, chineseNumber } from './citations-zh';
import { chineseDate, plainContent, yuan } from './content';
import { BODY, CHAR_PITCH, GRID, LINE_PITCH, MM, breakLines } from './layout';
import { assertRedacted, redactContent, reporterSecrets } from './redact';

const cells = (u: string): number => (/^[\x20-\x7e]+$/.test(u) ? u.length / 2 : [...u].length);

describe('GB/T 9704-2012 page and text', () => {
  it('the 版心 is 156 × 225 mm with 22 lines of 28 characters', () => {
    expect(BODY.width / MM).toBeCloseTo(156, 6);
    expect(BODY.height / MM).toBeCloseTo(225, 6);
    expect((GRID.chars * CHAR_PITCH) / MM).toBeCloseTo(156, 6);
    expect((GRID.lines * LINE_PITCH) / MM).toBeCloseTo(225, 6);
  });

  it('成文日期 with the full year and no leading zeros: 2025年10月10日, 2025年9月1日', () => {
    expect(chineseDate('2025-10-10')).toBe('2025年10月10日');
    expect(chineseDate('2025-09-01')).toBe('2025年9月1日');
    expect(chineseDate('2025-09-01T02:00:00.000Z')).toBe('2025年9月1日');
  });

  it('money in fen is written in yuan with two decimals', () => {
    expect(yuan(1_234_560)).toBe('12,345.60元');
    expect(yuan(5)).toBe('0.05元');
  });

  it('citations read as articles and items of the measures, the source numbering kept (WC-13 follows WC-11)', () => {
    expect(citationZh('FL-8(2)')).toBe('《行政执法过错责任追究办法》第八条第（二）项');
    expect(citationZh('WC-9(1)')).toBe('《行政执法错案责任倒查问责办法》第九条第（一）项');
    expect(citationZh('WC-5(3)')).toBe('《行政执法错案责任倒查问责办法》第五条第3项');
    expect(citationZh('WC-13')).toBe('《行政执法错案责任倒查问责办法》第十三条');
    expect(citationZh('SCL-16')).toBe('《中华人民共和国国家赔偿法》第十六条');
    expect(citationsZh(['FL-6(2)', 'FL-13', 'WC-11'])).toBe('《行政执法过错责任追究办法》第六条第（二）项、第十三条和《行政执法错案责任倒查问责办法》第十一条');
    expect([1, 10, 13, 20, 85].map(chineseNumber)).toEqual(['一', '十', '十三', '二十', '八十五']);
  });

  it('lines hold 28 characters; a closing mark never starts a line and an opening one never ends it (避头尾)', () => {
    const text = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八，九十';
    const lines = breakLines(text, 28, cells);
    expect(lines[0]!.length).toBe(27);
    expect(lines[1]!.startsWith('八，')).toBe(true);
    const open = breakLines('一二三四五六七八九十一二三四五六七八九十一二三四五六七《八九》', 28, cells);
    expect(open[0]!.endsWith('《')).toBe(false);
    expect(open[1]!.startsWith('《八')).toBe(true);
    // A number is never split: 2025 moves whole.
    const num = breakLines('一二三四五六七八九十一二三四五六七八九十一二三四五六七2025年', 28, cells);
    expect(num[1]).toBe('2025年');
    // First-line indent of two characters.
    expect(breakLines('一'.repeat(30), 28, cells, 2)[0]!.length).toBe(26);
    expect(breakLines('甲\n乙', 28, cells)).toEqual(['甲', '乙']);
  });
});

describe('FL-7(7): redaction of what a subject reads or the public sees', () => {
  const content = plainContent({
    title: '通报',
    fields: [{ label: '事由', value: '张举报反映' }],
    paragraphs: [{ style: 'body', text: '经张举报（电话13800000000，身份证500113199001011234，邮箱zhang@example.cn）举报查实。' }],
  });
  const secrets = reporterSecrets({ anonymous: false, name: '张举报', idNumber: null, phone: '13800000000', address: '某小区', email: null, organisation: null });

  it('the reporter’s name becomes 举报人; numbers and e-mail addresses are masked; the result passes the check', () => {
    const r = redactContent(content, secrets);
    expect(r.paragraphs[0]!.text).toBe('经举报人（电话＊＊＊，身份证＊＊＊，邮箱＊＊＊）举报查实。');
    expect(r.fields[0]!.value).toBe('举报人反映');
    expect(() => assertRedacted(r, secrets)).not.toThrow();
  });

  it('content naming the reporter or carrying an ID number is refused', () => {
    expect(() => assertRedacted(content, secrets)).toThrow(expect.objectContaining({ code: 'PRECONDITION_FAILED' }));
    const idOnly = { ...content, fields: [], paragraphs: [{ style: 'body' as const, text: '500113199001011234' }] };
    expect(() => assertRedacted(idOnly, [])).toThrow(expect.objectContaining({ code: 'PRECONDITION_FAILED' }));
  });
});
