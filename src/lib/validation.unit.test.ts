// Issue 13 (messages and words): every validation error reaches the user as a sentence in Chinese
// (English when switched) naming the field by its label — no schema words ("期望", "string",
// ">="), no field keys, no error code.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_LABELS, labelOf } from './field-labels';
import { fieldErrors, validationError } from './validation';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return r.error.issues as never;
};
const SCHEMA_WORDS = /期望|expected|string|number|array|>=|<=|ISO|Invalid|Too (small|big)|undefined|无效输入/;

describe('Messages: validation errors are sentences naming the field by its label', () => {
  const schema = z.object({
    summary: z.string().min(10),
    subjectPersonIds: z.array(z.string()).min(1),
    receivedOn: z.iso.date(),
    source: z.enum(['report', 'wc5']),
    compensationPercent: z.number().int().max(100),
    phone: z.string(),
    items: z.array(z.object({ form: z.string().min(1) })),
    email: z.email(),
  });
  const fields = fieldErrors(
    issuesOf(schema, { summary: '短', subjectPersonIds: [], receivedOn: '2025-13-01', source: 'x', compensationPercent: 101.5, items: [{ form: 'a' }, { form: '' }], email: 'x' }),
  );
  const by = Object.fromEntries(fields.map((f) => [f.path, f]));

  it('too short text: 「案情摘要」至少需要 10 个字', () => {
    expect(by.summary).toMatchObject({ zh: '「案情摘要」至少需要 10 个字。', en: '"Summary" needs at least 10 characters.', label: { zh: '案情摘要' } });
  });
  it('an empty list: 「被追责人员」至少选择或填写一项', () => {
    expect(by.subjectPersonIds!.zh).toBe('「被追责人员」至少选择或填写一项。');
  });
  it('a bad date says what a good one looks like', () => {
    expect(by.receivedOn!.zh).toBe('「收到日期」请填写有效日期，例如 2025-03-01。');
    expect(by.receivedOn!.en).toBe('"Date received" must be a valid date, e.g. 2025-03-01.');
  });
  it('a value outside the list: choose from the options', () => {
    expect(by.source!.zh).toBe('「来源」请从给出的选项中选择。');
  });
  it('a missing field: 请填写「联系电话」', () => {
    expect(by.phone).toMatchObject({ zh: '请填写「联系电话」。', en: 'Please fill in "Phone".' });
  });
  it('an entry of a list is counted from one: 「责任追究方式」（第 2 项）', () => {
    expect(by['items.1.form']!.zh).toBe('请填写「责任追究方式（第 2 项）」。');
  });
  it('no message holds a schema word or a field key', () => {
    for (const f of fields) {
      expect(f.zh, f.path).not.toMatch(SCHEMA_WORDS);
      expect(f.en, f.path).not.toMatch(/期望|>=|ISO|Too (small|big)|undefined/);
      for (const seg of f.path.split('.')) if (!/^\d+$/.test(seg)) expect(f.zh).not.toContain(seg);
    }
  });
  it('a field with no label is called 此项, never by its key', () => {
    const [f] = fieldErrors(issuesOf(z.object({ zzInternalKey: z.string() }), {}));
    expect(f).toMatchObject({ path: 'zzInternalKey', zh: '请填写「此项」。', en: 'Please fill in "This field".' });
  });
  it('a bilingual message written in a schema is kept, after the field label', () => {
    const [f] = fieldErrors([{ code: 'custom', path: ['reporter'], message: '实名举报须填写举报人姓名 / A named report needs the reporter name' }]);
    expect(f).toMatchObject({ zh: '「举报人」：实名举报须填写举报人姓名。', en: '"Reporter": A named report needs the reporter name.' });
  });
  it('the headline is the first sentence and counts the rest', () => {
    const e = validationError(issuesOf(z.object({ summary: z.string(), phone: z.string() }), {}));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.zh).toBe('输入不符合要求：请填写「案情摘要」。（另有 1 处需要修改）');
  });
  it('every label has Chinese and English, and labelOf reads the last named segment', () => {
    for (const [k, l] of Object.entries(FIELD_LABELS)) {
      expect(l.zh, k).toMatch(/[\u4e00-\u9fa5]/);
      expect(l.en, k).toMatch(/^[A-Z]/);
    }
    expect(labelOf('subjects.0.form')).toEqual(FIELD_LABELS.form);
    expect(labelOf('constructor')).toBeUndefined();
  });
});
