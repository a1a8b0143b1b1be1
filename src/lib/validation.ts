// Turns zod issues into bilingual field errors and an AppError(VALIDATION_FAILED).
// The same messages are used by the web forms (web/src/lib imports zod too).
import { z } from 'zod';
import { AppError } from '../errors';
import { assertCleanText } from './text-hygiene';

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

export interface FieldError {
  path: string;
  code: string;
  zh: string;
  en: string;
}

type Issue = { code?: string; path?: PropertyKey[]; message?: string; instancePath?: string } & Record<string, unknown>;

function localized(fn: typeof zhLocale, issue: Issue): string | undefined {
  const r = fn(issue as never);
  return typeof r === 'string' ? r : r?.message;
}

export function fieldErrors(issues: readonly Issue[]): FieldError[] {
  return issues.map((i) => {
    const path = (i.path ?? []).map(String).join('.') || (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    // Custom messages written in schemas are already bilingual: "中文 / English".
    if (i.code === 'custom' && i.message) {
      const [zh, en] = i.message.split(' / ');
      return { path, code: 'custom', zh: zh ?? i.message, en: en ?? zh ?? i.message };
    }
    const zh = localized(zhLocale, i) ?? i.message ?? '无效输入';
    const en = localized(enLocale, i) ?? i.message ?? 'Invalid input';
    return { path, code: String(i.code ?? 'invalid'), zh, en };
  });
}

export function validationError(issues: readonly Issue[]): AppError {
  const fields = fieldErrors(issues);
  const first = fields[0];
  return new AppError(
    'VALIDATION_FAILED',
    first ? { zh: `${first.path ? first.path + '：' : ''}${first.zh}`, en: `${first.path ? first.path + ': ' : ''}${first.en}` } : undefined,
    { fields },
  );
}

/** Parse with a zod schema inside a service (CLI and other non-HTTP callers get the same errors). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  // The characters the HTTP layer refuses (src/lib/text-hygiene.ts) are refused here too, for
  // callers that do not come through HTTP (CLI, import, demo).
  assertCleanText(input);
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues as unknown as Issue[]);
  return r.data;
}
