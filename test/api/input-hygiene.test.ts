// 等保2.0 入侵防范 (input): Unicode noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF in every plane)
// and C0 controls other than tab, line feed and carriage return (and DEL) are refused in all text
// — JSON bodies, query strings, multipart fields and file names, and service calls outside HTTP —
// with VALIDATION_FAILED naming the field, and nothing changes (docs/security-hardening.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app';
import { engines } from '../db';
import { createCase } from '../../src/services/cases';
import { makeCase, reportIntake, setupCaseWorld, versionOf, type CaseWorld } from '../factories/cases';
import { expectCodedError } from './checks';
import { changedTables, digestDatabase } from './db-digest';

const NONCHARACTERS = ['\ufffe', '\uffff', '\ufdd0', '\ufdef', '\u{1fffe}', '\u{1ffff}', '\u{10fffe}', '\u{10ffff}', '\u{8ffff}'];
const CONTROLS = ['\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'];

describe.each(engines)('等保2.0 入侵防范: noncharacters and control characters refused in all text (%s)', (engine) => {
  let t: TestApp;
  let w: CaseWorld;
  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await setupCaseWorld(t);
  });
  afterAll(async () => t?.close());

  const intake = (over: Record<string, unknown>) => reportIntake(w, over);

  it('入侵防范: every noncharacter and C0 control in a JSON body is refused, naming the field, in Chinese and English', async () => {
    for (const [ch, code] of [...NONCHARACTERS.map((c) => [c, 'noncharacter'] as const), ...CONTROLS.map((c) => [c, 'control_character'] as const)]) {
      const before = await digestDatabase(t.deps.db);
      const res = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: JSON.stringify(intake({ reporter: { anonymous: false, name: `张${ch}三` } })), headers: { 'content-type': 'application/json' } });
      const label = `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`;
      expect(expectCodedError(res, label), label).toBe('VALIDATION_FAILED');
      const f = res.json().error.details.fields[0];
      expect(f, label).toMatchObject({ path: 'body.reporter.name', code });
      expect(res.json().error.messageZh).toContain('body.reporter.name');
      expect(res.json().error.messageEn).toContain('body.reporter.name');
      expect(changedTables(before, await digestDatabase(t.deps.db))).toEqual([]);
    }
  });

  it('入侵防范: tab, line feed and carriage return stay allowed', async () => {
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/cases', payload: intake({ summary: '第一行\r\n第二行\t（附表）' }) });
    expect(res.statusCode, res.body).toBeLessThan(300);
  });

  it('入侵防范: in a query string, a multipart field and an uploaded file name too', async () => {
    const q = await t.as('clerk', { method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent('罚款\uffff')}` });
    expect(q.statusCode).toBe(400);
    expect(q.json().error.details.fields[0]).toMatchObject({ path: 'query.q', code: 'noncharacter' });

    const c = await makeCase(w, { to: 'investigating' });
    const boundary = 'hygiene';
    const body = (title: string, filename: string): Buffer =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="expectedVersion"\r\n\r\n${1}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`,
        'utf8',
      );
    const v = await versionOf(w, c.caseId);
    const send = (payload: Buffer) =>
      t.as('investigator', { method: 'POST', url: `/api/v1/cases/${c.caseId}/evidence`, payload: Buffer.from(payload.toString('utf8').replace('\r\n1\r\n', `\r\n${v}\r\n`)), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const field = await send(body('笔录\u001b', 'a.txt'));
    expect(field.json().error.details.fields[0]).toMatchObject({ path: 'body.title', code: 'control_character' });
    const name = await send(body('笔录', 'a\ufdd0.txt'));
    expect(name.json().error.details.fields[0]).toMatchObject({ path: 'file.filename', code: 'noncharacter' });
    expect(await versionOf(w, c.caseId)).toBe(v);
  });

  it('入侵防范: a service called outside HTTP (CLI, import, demo) refuses the same characters', async () => {
    await expect(createCase(w.ctx.clerk, intake({ summary: '举报\ufffe内容' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'summary', code: 'noncharacter' }] } });
  });
});
