// WC-11 (the subject's page): the decision's 处理方式 names each form in words, not only its code
// (the card used to read just "FL-6(1)").
import { describe, expect, it } from 'vitest';
import { formsText } from './subject-rights';

describe('subject rights card', () => {
  it('WC-11: the decided forms read with their words; a form without words keeps its code', () => {
    expect(formsText(['FL-6(1)', 'FL-6(9)'], { 'FL-6(1)': '批评教育或在一定范围内通报批评' })).toBe('FL-6(1) 批评教育或在一定范围内通报批评；FL-6(9)');
  });
});
