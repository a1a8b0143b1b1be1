// Characters no text field of this system can legitimately hold (see
// src/server/plugins/input-hygiene.ts for why each is refused):
// - NUL (U+0000);
// - a lone UTF-16 surrogate;
// - a C0 control other than tab, line feed, carriage return; and DEL (U+007F);
// - a Unicode noncharacter: U+FDD0–U+FDEF and the last two code points of every plane
//   (U+FFFE, U+FFFF, U+1FFFE, U+1FFFF, … U+10FFFE, U+10FFFF).
// One refusal, VALIDATION_FAILED naming the field, for the HTTP layer (every body, query and path
// parameter, multipart fields and file names) and for services' own parsing (parseInput).
import { AppError } from '../errors';

export type TextProblem = 'nul' | 'surrogate' | 'control' | 'noncharacter';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const NONCHARACTER = /[\ufdd0-\ufdef\ufffe\uffff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/;

export function textProblemOf(s: string): TextProblem | null {
  if (s.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(s)) return 'surrogate';
  if (CONTROL.test(s)) return 'control';
  if (NONCHARACTER.test(s)) return 'noncharacter';
  return null;
}

/** Where the first string or key holding a refused character is (path a.b.0.c), or null. */
export function findBadText(value: unknown, path: string[] = [], depth = 0): { path: string; problem: TextProblem } | null {
  if (depth > 64) return null;
  if (typeof value === 'string') {
    const problem = textProblemOf(value);
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
      const keyProblem = textProblemOf(k);
      if (keyProblem) return { path: [...path, JSON.stringify(k).slice(1, -1)].join('.'), problem: keyProblem };
      const hit = findBadText(v, [...path, k], depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

export const TEXT_PROBLEM_MESSAGES: Record<TextProblem, { code: string; zh: string; en: string }> = {
  nul: { code: 'nul_character', zh: '不得包含空字符（U+0000）', en: 'must not contain the NUL character (U+0000)' },
  surrogate: { code: 'lone_surrogate', zh: '包含无效的 Unicode 字符（孤立代理项）', en: 'contains an invalid Unicode character (a lone surrogate)' },
  control: {
    code: 'control_character',
    zh: '不得包含控制字符（制表、换行、回车除外）',
    en: 'must not contain control characters (other than tab, line feed, carriage return)',
  },
  noncharacter: {
    code: 'noncharacter',
    zh: '包含 Unicode 非字符（如 U+FFFE、U+FFFF、U+FDD0–U+FDEF）',
    en: 'contains a Unicode noncharacter (such as U+FFFE, U+FFFF, U+FDD0–U+FDEF)',
  },
};

export function badTextError(path: string, problem: TextProblem): AppError {
  const m = TEXT_PROBLEM_MESSAGES[problem];
  return new AppError('VALIDATION_FAILED', { zh: `${path}：${m.zh}`, en: `${path}: ${m.en}` }, { fields: [{ path, code: m.code, zh: m.zh, en: m.en }] });
}

/** Throws VALIDATION_FAILED naming the first field that holds a refused character. */
export function assertCleanText(value: unknown, prefix?: string): void {
  const hit = findBadText(value);
  if (hit) throw badTextError(prefix ? `${prefix}.${hit.path}` : hit.path, hit.problem);
}
