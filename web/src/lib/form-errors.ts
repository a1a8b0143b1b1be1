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
    entry.errors.push(withFormLabel(lang === 'zh' ? f.zh : f.en, formLabel(form, name), lang));
    byName.set(key, entry);
  }
  if (byName.size) form.setFields([...byName.values()]);
  return unplaced;
}

function startsWith(a: NamePath, prefix: NamePath): boolean {
  return prefix.every((p, i) => a[i] === p);
}

/**
 * The label the form shows for a field (its <label for=…>), when the page has one: the server names
 * a field by its general label (「名称」), the form may call it more precisely (「姓名」). antd's field
 * id is `<form name>_<path joined by _>`.
 */
export function formLabel(form: unknown, name: NamePath): string | null {
  if (typeof document === 'undefined') return null;
  const formName = (form as { __INTERNAL__?: { name?: string } } | null)?.__INTERNAL__?.name;
  const id = formName ? `${formName}_${name.join('_')}` : name.join('_');
  const sel = typeof CSS !== 'undefined' && typeof CSS.escape === 'function' ? CSS.escape(id) : id.replace(/"/g, '\\"');
  const text = document.querySelector(`label[for="${sel}"]`)?.textContent?.replace(/[：:]\s*$/, '').trim();
  return text || null;
}

/** The server's sentence with the field named as the form labels it (the first 「…」 / "…"). */
export function withFormLabel(message: string, label: string | null, lang: Lang): string {
  if (!label) return message;
  return lang === 'zh' ? message.replace(/「[^」]*」/, `「${label}」`) : message.replace(/"[^"]*"/, `"${label}"`);
}
