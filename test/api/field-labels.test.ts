// Issue 13 (messages and words): a validation message names the field by its label, so every
// field any route takes — body properties at any depth and query parameters, read from the app's
// own /openapi.json, including routes added later — has a Chinese and English label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LABELS } from '../../src/lib/field-labels';
import { createTestApp, type TestApp } from '../app';
import { readOpenApi, resolve, type ApiDoc, type JsonSchema } from './openapi';

function requestFields(doc: ApiDoc): Map<string, string> {
  const where = new Map<string, string>();
  const walk = (s: JsonSchema | undefined, route: string, depth: number): void => {
    if (!s || depth > 10) return;
    const r = resolve(doc, s);
    for (const [k, v] of Object.entries(r.properties ?? {})) {
      if (!where.has(k)) where.set(k, route);
      walk(v, route, depth + 1);
    }
    for (const x of [...(r.anyOf ?? []), ...(r.oneOf ?? []), ...(r.allOf ?? [])]) walk(x, route, depth + 1);
    if (r.items) walk(r.items, route, depth + 1);
  };
  for (const op of doc.ops) {
    walk(op.body ?? undefined, op.key, 0);
    for (const p of op.params) if (p.in === 'query' && !where.has(p.name)) where.set(p.name, op.key);
  }
  return where;
}

describe('Messages: every field a route takes has a label for its error messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.addUser('clerk', ['clerk']);
  });
  afterAll(async () => t.close());

  it('every request body property and query parameter of /openapi.json is in src/lib/field-labels.ts', async () => {
    const fields = requestFields(await readOpenApi(t.app));
    expect(fields.size).toBeGreaterThan(100);
    const missing = [...fields].filter(([k]) => !Object.prototype.hasOwnProperty.call(FIELD_LABELS, k)).map(([k, route]) => `${k} (${route})`);
    expect(missing).toEqual([]);
  });

  it('a refused request names the field by its label, never by its key', async () => {
    const res = await t.as('clerk', { method: 'POST', url: '/api/v1/units', payload: { name: '', shortCode: 123 } });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.messageZh).not.toMatch(/shortCode|name|期望|string/);
    for (const f of err.details.fields as { path: string; zh: string }[]) expect(f.zh).toMatch(/「.+」/);
  });
});
