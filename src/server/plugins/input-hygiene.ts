// Refuses input no field of this system can legitimately hold, before it reaches a service,
// anywhere in the body, the query string or a path parameter:
// - the NUL character (U+0000): PostgreSQL cannot store it in text and failed the request with a
//   500 (SQLSTATE 22021) while SQLite silently stored it, and a NUL truncates names and case text
//   in C-string consumers (documents, exports);
// - a lone UTF-16 surrogate (JSON allows the escape "\ud800"; it is not a character): kept inside
//   stored JSON it came back intact, and a document titled with one could never be downloaded
//   again (encodeURIComponent of the file name threw: 500); stored as text it was silently
//   replaced by U+FFFD, so the record differed from what was validated.
// Both found by the API fuzz tests. One refusal for both engines: VALIDATION_FAILED naming the field.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors';

const NUL = '\u0000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Problem = 'nul' | 'surrogate';
const problemOf = (s: string): Problem | null => (s.includes(NUL) ? 'nul' : LONE_SURROGATE.test(s) ? 'surrogate' : null);

/** Where the first string or key holding NUL or a lone surrogate is (path a.b.0.c), or null. */
export function findBadText(value: unknown, path: string[] = [], depth = 0): { path: string; problem: Problem } | null {
  if (depth > 64) return null;
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? { path: path.join('.') || '(value)', problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findBadText(value[i], [...path, String(i)], depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = problemOf(k);
      if (keyProblem) return { path: [...path, JSON.stringify(k).slice(1, -1)].join('.'), problem: keyProblem };
      const hit = findBadText(v, [...path, k], depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

const MESSAGES: Record<Problem, { zh: string; en: string }> = {
  nul: { zh: '不得包含空字符（U+0000）', en: 'must not contain the NUL character (U+0000)' },
  surrogate: { zh: '包含无效的 Unicode 字符（孤立代理项）', en: 'contains an invalid Unicode character (a lone surrogate)' },
};

export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const hit = findBadText(value);
      if (hit) {
        const path = `${where}.${hit.path}`;
        const m = MESSAGES[hit.problem];
        throw new AppError(
          'VALIDATION_FAILED',
          { zh: `${path}：${m.zh}`, en: `${path}: ${m.en}` },
          { fields: [{ path, code: hit.problem === 'nul' ? 'nul_character' : 'lone_surrogate', zh: m.zh, en: m.en }] },
        );
      }
    }
  });
}
