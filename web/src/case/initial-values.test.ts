import { describe, expect, it } from 'vitest';
import { ACTION_SCHEMAS } from '../../../src/domain/cases/schemas';
import { initialValuesOf } from './action-drawer';
import { ACTION_FIELDS, type FieldSpec } from './action-specs';

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
  it('WC-11 申诉 after closure (file_appeal): the subject finds themself and today filled in, and the form asks for every field the server requires', () => {
    const appeal = ACTION_FIELDS.AppealInput!;
    const start = initialValuesOf(appeal, '2026-12-06', [{ personId: 'p-1' }]);
    expect(start).toEqual({ subjectPersonId: 'p-1', filedOn: '2026-12-06' });
    expect(appeal.filter((f) => f.required).map((f) => f.name).sort()).toEqual(['appealBody', 'filedOn', 'statement', 'subjectPersonId']);
    expect(ACTION_SCHEMAS.AppealInput.safeParse({ expectedVersion: 3, ...start, statement: '不服处理决定。', appealBody: 'supervision' }).success).toBe(true);
  });
});
