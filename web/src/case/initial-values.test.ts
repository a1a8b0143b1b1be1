import { describe, expect, it } from 'vitest';
import { initialValuesOf } from './action-drawer';
import type { FieldSpec } from './action-specs';

const L = (zh: string, en: string) => ({ zh, en });
const fields: FieldSpec[] = [
  { name: 'subjectPersonId', kind: 'subject', label: L('被调查人', 'Subject'), required: true },
  { name: 'filedOn', kind: 'date', label: L('提出日期', 'Filed on'), required: true, defaultToday: true },
];

describe('step form starting values', () => {
  it('陈述申辩 (defence) step: a subject filing a defence finds themself already chosen (the only person offered)', () => {
    expect(initialValuesOf(fields, '2026-12-06', [{ personId: 'p-1' }])).toEqual({ subjectPersonId: 'p-1', filedOn: '2026-12-06' });
  });
  it('with several subjects nobody is chosen for the user', () => {
    expect(initialValuesOf(fields, '2026-12-06', [{ personId: 'p-1' }, { personId: 'p-2' }])).toEqual({ filedOn: '2026-12-06' });
  });
});
