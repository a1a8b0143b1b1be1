// Refuses input no field of this system can legitimately hold, before it reaches a service:
// the NUL character (U+0000) anywhere in the body, the query string or a path parameter.
// PostgreSQL cannot store NUL in text and failed the request with a 500 (SQLSTATE 22021), while
// SQLite silently stored it — the two engines disagreed, and a NUL truncates names and case
// text in C-string consumers (documents, exports). Found by the API fuzz test. One refusal for
// both engines: VALIDATION_FAILED naming the field.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors';

const NUL = '\u0000';

/** The path (a.b.0.c) of the first string or key holding NUL, or null. */
export function findNul(value: unknown, path: string[] = [], depth = 0): string | null {
  if (depth > 64) return null;
  if (typeof value === 'string') return value.includes(NUL) ? path.join('.') || '(value)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], [...path, String(i)], depth + 1);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) return [...path, k.replace(/\0/g, '\\0')].join('.');
      const hit = findNul(v, [...path, k], depth + 1);
      if (hit !== null) return hit;
    }
  }
  return null;
}

export function installInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['params', req.params],
      ['query', req.query],
      ['body', req.body],
    ] as const) {
      const at = findNul(value);
      if (at !== null) {
        const path = `${where}.${at}`;
        throw new AppError(
          'VALIDATION_FAILED',
          { zh: `${path}：不得包含空字符（U+0000）`, en: `${path}: must not contain the NUL character (U+0000)` },
          { fields: [{ path, code: 'nul_character', zh: '不得包含空字符（U+0000）', en: 'must not contain the NUL character (U+0000)' }] },
        );
      }
    }
  });
}
