import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { Form, Input, type FormInstance } from 'antd';
import { ACTION_SCHEMAS } from '../../../src/domain/cases/schemas';
import { validationError } from '../../../src/lib/validation';
import { ApiError } from './api';
import { applyServerErrors, toNamePath } from './form-errors';
import { checkLikeServer, requiredMessage } from '../case/action-drawer';

let formRef: FormInstance | null = null;
function Harness() {
  const [form] = Form.useForm();
  formRef = form;
  return (
    <Form form={form} name="t">
      <Form.Item name="reason" label="理由">
        <Input />
      </Form.Item>
      <Form.Item name={['meeting', 'chair']} label="主持人">
        <Input />
      </Form.Item>
    </Form>
  );
}

const serverError = (fields: { path: string; zh: string; en: string }[]) => new ApiError(400, 'VALIDATION_FAILED', '输入不符合要求', 'The input is not valid', { fields });

describe('server field errors on the form', () => {
  it('paths become antd name paths, numbers as indexes', () => {
    expect(toNamePath('items.0.departureReason')).toEqual(['items', 0, 'departureReason']);
  });

  it('each VALIDATION_FAILED field message lands on its field in the user’s language; unknown paths are returned for the banner', async () => {
    render(<Harness />);
    let unplaced: ReturnType<typeof applyServerErrors> = [];
    await act(async () => {
      unplaced = applyServerErrors(
        formRef,
        serverError([
          { path: 'meeting.chair', zh: '请输入主持人', en: 'Chair required' },
          { path: 'items.0.forms', zh: '处理方式无效', en: 'Invalid form' },
        ]),
        'zh',
      );
    });
    expect(await screen.findByText('请输入主持人')).toBeInTheDocument();
    expect(unplaced.map((f) => f.path)).toEqual(['items.0.forms']);
  });

  it('other errors are not field errors', () => {
    render(<Harness />);
    expect(applyServerErrors(formRef, new ApiError(409, 'CONFLICT_STALE', '已被他人修改', 'stale'), 'zh')).toEqual([]);
  });

  it('the step forms check input with the server’s own schema and produce the server’s own messages', () => {
    const input = { expectedVersion: 3, reason: '' };
    const local = checkLikeServer('ReturnInput', input);
    const parsed = ACTION_SCHEMAS.ReturnInput.safeParse(input);
    expect(parsed.success).toBe(false);
    const server = validationError(parsed.error!.issues as never);
    expect(local?.code).toBe('VALIDATION_FAILED');
    expect(local?.fields).toEqual(server.details?.fields);
    expect(local?.fields[0]).toMatchObject({ path: 'reason' });
    expect(local?.fields[0]?.zh).toMatch(/[\u4e00-\u9fa5]/);
    expect(checkLikeServer('ReturnInput', { expectedVersion: 3, reason: '补充调查' })).toBeNull();
  });

  it('WC-9(2) appoint team: the step\'s banner reads as the server\'s would — the field by its label, never the raw path ("members：")', () => {
    const local = checkLikeServer('AppointTeamInput', { expectedVersion: 3, appointedOn: '2026-12-06' });
    const parsed = ACTION_SCHEMAS.AppointTeamInput.safeParse({ expectedVersion: 3, appointedOn: '2026-12-06' });
    const server = validationError(parsed.error!.issues as never);
    expect(local?.zh).toBe(server.zh);
    expect(local?.en).toBe(server.en);
    expect(local?.zh).not.toMatch(/members/);
    expect(local?.zh).toMatch(/调查组成员/);
  });

  it('Case steps: an empty list or date field asks to choose (请选择被调查人), an empty text field to fill in (请输入认定的事实)', () => {
    expect(requiredMessage({ name: 'subjectId', kind: 'subject', label: { zh: '被调查人', en: 'Subject' }, required: true }, '被调查人', 'zh')).toBe('请选择被调查人');
    expect(requiredMessage({ name: 'kind', kind: 'select', label: { zh: '证据类型', en: 'Kind' }, required: true }, 'Kind', 'en')).toBe('Please choose “Kind”');
    expect(requiredMessage({ name: 'facts', kind: 'textarea', label: { zh: '认定的事实', en: 'Facts' }, required: true }, '认定的事实', 'zh')).toBe('请输入认定的事实');
  });
});
