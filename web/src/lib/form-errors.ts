// Forms validate as the server does: a VALIDATION_FAILED answer carries
// `details.fields[{path, zh, en}]`; each message goes onto the form field with that path, in the
// user's language, word for word as the server wrote it. Paths the form has no field for are
// returned so the page can show them in its error banner instead of dropping them.
import type { FormInstance } from 'antd';
import type { Lang } from '../i18n/i18n';
import { ApiError, type FieldError } from './api';

export type NamePath = (string | number)[];

/** 'subjects.0.form' → ['subjects', 0, 'form'] (antd's name path). */
export function toNamePath(path: string): NamePath {
  return path
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Put the server's field messages on the form. `known(namePath)` says whether the form has a
 * field for a path (defaults to asking the form). Returns the field errors that found no field.
 */
export function applyServerErrors(
  form: Pick<FormInstance, 'setFields' | 'getFieldInstance'> | null,
  err: unknown,
  lang: Lang,
  opts: { prefix?: NamePath; known?: (name: NamePath) => boolean } = {},
): FieldError[] {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !form) return [];
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: FieldError[] = [];
  for (const f of err.fields) {
    let name = toNamePath(f.path);
    if (opts.prefix && startsWith(name, opts.prefix)) name = name.slice(opts.prefix.length);
    const known = opts.known ? opts.known(name) : name.length > 0 && form.getFieldInstance(name) !== undefined;
    if (!known) {
      unplaced.push(f);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(lang === 'zh' ? f.zh : f.en);
    byName.set(key, entry);
  }
  if (byName.size) form.setFields([...byName.values()]);
  return unplaced;
}

function startsWith(a: NamePath, prefix: NamePath): boolean {
  return prefix.every((p, i) => a[i] === p);
}
