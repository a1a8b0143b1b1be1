import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Form } from 'antd';
import { I18nProvider } from '../i18n/i18n';
import { DecisionForm, type DecisionValues } from './decision-form';
import { departureFromAnswer } from './departure';
import { rangeOf, LADDER } from './test-fixtures';
import { departuresOf, NO_RANGE } from '../../../src/rules/decision-check';
import type { FormRange } from '../../../src/rules/types';

// Issue 10 point 14: the form asks the server's departure rule (POST /api/v1/rules/departures);
// here the "server" answers with the rule itself (src/rules/decision-check.ts), as the route does.
const CONSEQUENCES = ['FL-13', 'FL-14'];
const serverRange = (r: Pick<FormRange, 'permitted' | 'exemptionAvailable'>) => ({ permitted: [...new Set(r.permitted.flatMap((p) => p.citations)), ...CONSEQUENCES], exemptionAllowed: r.exemptionAvailable });
const answer = (item: { noAccountability?: boolean; forms?: string[] }, range: FormRange) => {
  const sr = serverRange(range);
  return { departures: departuresOf({ noAccountability: Boolean(item.noAccountability), forms: item.forms ?? [] }, sr), permitted: sr.permitted };
};
vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<Record<string, unknown>>();
  return {
    ...actual,
    get: vi.fn(async () => ({ packId: 'p', faults: {}, circumstances: {}, typedCircumstanceIds: [], forms: { 'FL-6(2)': '责令作出书面检讨', 'FL-6(4)': '调离执法岗位' }, formIds: ['FL-6(2)', 'FL-6(4)'], consequenceForms: CONSEQUENCES, citationLabels: {}, wc5Sources: [] })),
    post: vi.fn(async (path: string, body: { items: { noAccountability: boolean; forms: string[]; range: FormRange | null }[] }) => {
      if (path !== '/api/v1/rules/departures') throw new Error(`unexpected ${path}`);
      // as the server: no range for the subject (no usable recommendation) — every choice departs (NO_RANGE)
      return { items: body.items.map((it) => (it.range ? answer(it, it.range) : { departures: departuresOf({ noAccountability: it.noAccountability, forms: it.forms }, NO_RANGE), permitted: [] })) };
    }),
  };
});

function Harness({ onFinish, lang = 'zh', exempt = false, noRange = false }: { onFinish: (v: DecisionValues) => void; lang?: 'zh' | 'en'; exempt?: boolean; noRange?: boolean }) {
  const [form] = Form.useForm<DecisionValues>();
  return (
    <I18nProvider initial={lang}>
      <DecisionForm form={form} caseId="c1" subjects={[{ personId: 'p1', name: '李审批', range: noRange ? null : rangeOf(1, 2, exempt) }]} ladder={LADDER} today="2025-10-10" onFinish={onFinish} />
      <button onClick={() => form.submit()}>submit</button>
      <button onClick={() => form.setFieldsValue({ meetingId: 'm1', publicationScope: 'commission', publicationChannel: '委内通报' })}>fill</button>
      <button onClick={() => form.setFieldValue(['items', 0, 'forms'], ['FL-6(4)'])}>outside</button>
      <button onClick={() => form.setFieldValue(['items', 0, 'forms'], ['FL-6(2)'])}>inside</button>
      <button onClick={() => form.setFieldValue(['items', 0, 'noAccountability'], true)}>exempt</button>
      <button onClick={() => form.setFieldValue(['items', 0, 'departureReason'], '当事人多次违规，情节较重')}>reason</button>
    </I18nProvider>
  );
}

const click = async (name: string) => {
  await act(async () => {
    fireEvent.click(screen.getByText(name));
  });
};

describe('decision form: departure from the recommended range needs a written reason', () => {
  it('the server\'s departure answer: a form outside the permitted rungs, or exemption where none is available, is a departure', () => {
    const dep = (item: { noAccountability?: boolean; forms?: string[] }, range: FormRange) => departureFromAnswer(answer(item, range));
    expect(dep({ forms: ['FL-6(1)', 'FL-6(2)'] }, rangeOf(1, 2))).toBeNull();
    expect(dep({ forms: ['FL-6(1)', 'FL-6(4)'] }, rangeOf(1, 2))).toEqual({ outside: ['FL-6(4)'], exemptNotPermitted: false });
    expect(dep({ noAccountability: true, forms: [] }, rangeOf(1, 2))).toEqual({ outside: [], exemptNotPermitted: true });
    expect(dep({ noAccountability: true }, rangeOf(1, 2, true))).toBeNull();
    // A rung permits every form citation it carries (FL-6(2) rung also carries WC-10(1)).
    expect(dep({ forms: ['WC-10(1)'] }, rangeOf(1, 2))).toBeNull();
    // FL-13 and FL-14 are consequences, never a departure (as the server counts them).
    expect(dep({ forms: ['FL-6(1)', 'FL-13', 'FL-14'] }, rangeOf(1, 2))).toBeNull();
    // No answer yet: nothing shown (the server judges on submission).
    expect(departureFromAnswer(null)).toBeNull();
  });

  it('a form inside the range is recorded without a reason', async () => {
    const onFinish = vi.fn();
    render(<Harness onFinish={onFinish} />);
    await click('fill');
    await click('inside');
    expect(screen.queryByTestId('departure-0')).toBeNull();
    await click('submit');
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    expect(onFinish.mock.calls[0]![0].items[0]).toMatchObject({ subjectPersonId: 'p1', forms: ['FL-6(2)'] });
  });

  it('a form outside the range blocks submission until a reason is written, with the server\'s message', async () => {
    const onFinish = vi.fn();
    render(<Harness onFinish={onFinish} />);
    await click('fill');
    await click('outside');
    expect(await screen.findByTestId('departure-0')).toHaveTextContent('FL-6(4)');
    await click('submit');
    expect(await screen.findByText('处理方式超出建议范围，必须书面说明理由')).toBeInTheDocument();
    expect(onFinish).not.toHaveBeenCalled();
    await click('reason');
    await click('submit');
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    expect(onFinish.mock.calls[0]![0].items[0]).toMatchObject({ forms: ['FL-6(4)'], departureReason: '当事人多次违规，情节较重' });
  });

  it('domain §3: with no usable recommendation for the subject (e.g. conduct before the pack took effect) any form is decided with a written reason', async () => {
    const onFinish = vi.fn();
    render(<Harness onFinish={onFinish} noRange />);
    await click('fill');
    await click('inside');
    expect(await screen.findByTestId('departure-0')).toHaveTextContent('FL-6(2)');
    await click('submit');
    expect(await screen.findByText('处理方式超出建议范围，必须书面说明理由')).toBeInTheDocument();
    expect(onFinish).not.toHaveBeenCalled();
    await click('reason');
    await click('submit');
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
  });

  it('no accountability where the range allows no exemption is a departure too', async () => {
    const onFinish = vi.fn();
    render(<Harness onFinish={onFinish} />);
    await click('fill');
    await click('exempt');
    expect(await screen.findByTestId('departure-0')).toHaveTextContent('处理建议不含免于追究');
    await click('submit');
    expect(await screen.findByText('处理方式超出建议范围，必须书面说明理由')).toBeInTheDocument();
    expect(onFinish).not.toHaveBeenCalled();
  });

  it('no accountability where exemption is available needs no reason', async () => {
    const onFinish = vi.fn();
    render(<Harness onFinish={onFinish} exempt />);
    await click('fill');
    await click('exempt');
    expect(screen.queryByTestId('departure-0')).toBeNull();
    await click('submit');
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
  });

  it('in English the rule is stated in English', async () => {
    render(<Harness onFinish={vi.fn()} lang="en" />);
    await click('fill');
    await click('outside');
    await screen.findByTestId('departure-0');
    await click('submit');
    expect(await screen.findByText('A written reason is required for a form outside the recommended range')).toBeInTheDocument();
  });

  it('WC-9(3): a referral duty of the recommendation is asked per subject — the document number is submitted with its body', async () => {
    const onFinish = vi.fn();
    function Referral() {
      const [form] = Form.useForm<DecisionValues>();
      const subjects = [{ personId: 'p1', name: '李审批', range: rangeOf(1, 2), referrals: [{ body: 'discipline_inspection', ruleIds: ['WC-9(3)'], zh: '涉嫌违纪', en: 'discipline' }] }];
      return (
        <I18nProvider initial="zh">
          <DecisionForm form={form} caseId="c1" subjects={subjects} ladder={LADDER} today="2025-10-10" onFinish={onFinish} />
          <button onClick={() => form.setFieldsValue({ meetingId: 'm1', publicationScope: 'commission', publicationChannel: '委内通报' })}>fill</button>
          <button onClick={() => form.setFieldValue(['items', 0, 'forms'], ['FL-6(2)'])}>inside</button>
          <button onClick={() => form.setFieldValue(['items', 0, 'referrals', 0, 'documentRef'], '巴住建问报〔2025〕1号')}>doc</button>
          <button onClick={() => form.submit()}>submit</button>
        </I18nProvider>
      );
    }
    render(<Referral />);
    expect(screen.getByTestId('referral-discipline_inspection')).toHaveTextContent('纪检监察机关');
    await click('fill');
    await click('inside');
    await click('doc');
    await click('submit');
    await waitFor(() => expect(onFinish).toHaveBeenCalledTimes(1));
    expect(onFinish.mock.calls[0]![0].items[0].referrals).toEqual([{ body: 'discipline_inspection', documentRef: '巴住建问报〔2025〕1号' }]);
  });
});
