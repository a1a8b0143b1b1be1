import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app';
import { engines } from '../../../test/db';
import { makeCase, setupCaseWorld, type CaseWorld } from '../../../test/factories/cases';
import { readWorkbook } from '../../../test/factories/excel';
import { makePerson } from '../../../test/factories/registers';

/** every cell of the first sheet's data rows, as text */
async function exported(t: TestApp, user: string, query = ''): Promise<{ status: number; numbers: string[]; text: string }> {
  const r = await t.as(user, { method: 'GET', url: `/api/v1/excel/cases/export${query}` });
  if (r.statusCode !== 200) return { status: r.statusCode, numbers: [], text: r.body };
  const ws = (await readWorkbook(r.rawPayload)).worksheets[0]!;
  const numbers: string[] = [];
  const cells: string[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    numbers.push(row.getCell(1).text);
    row.eachCell((c) => cells.push(c.text));
  });
  return { status: 200, numbers, text: cells.join('|') };
}

describe.each(engines)('Case list export (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeEach(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterEach(async () => t.close());

  it('Registers: the case list export holds only the cases the user may see, and never the reporter', async () => {
    const own = await makeCase(w, { to: 'accepted' });
    const other = await makePerson(t.deps, { name: '另一名执法人员' });
    const others = await makeCase(w, { subjects: [other.id] });

    const clerk = await exported(t, 'clerk');
    expect(clerk.status).toBe(200);
    expect(clerk.numbers.sort()).toEqual([own.number, others.number].sort());
    expect(clerk.text).not.toContain('张举报');
    expect(clerk.text).not.toContain('13800000000');

    // a subject: only their own case, and only themselves as subject
    const subject = await exported(t, 'subject');
    expect(subject.numbers).toEqual([own.number]);
    expect(subject.text).not.toContain('另一名执法人员');
    expect(subject.text).not.toContain('张举报');

    // an investigator not on a team sees no case
    const investigator = await exported(t, 'investigator');
    expect(investigator.status).toBe(200);
    expect(investigator.numbers).toEqual([]);
  });

  it('Registers: the case list export applies the list’s filters', async () => {
    const accepted = await makeCase(w, { to: 'accepted' });
    await makeCase(w);
    const r = await exported(t, 'clerk', '?state=accepted');
    expect(r.numbers).toEqual([accepted.number]);
    const bad = await t.as('clerk', { method: 'GET', url: '/api/v1/excel/cases/export?state=nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
