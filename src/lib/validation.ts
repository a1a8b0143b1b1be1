// Turns zod issues into bilingual field errors and an AppError(VALIDATION_FAILED).
// Every message is a sentence in the user's words naming the field by its label (issue 13):
// no schema words ("期望 string"), no field keys. The web forms show them as the server wrote them.
import type { z } from 'zod';
import { AppError } from '../errors';
import { labelOf } from './field-labels';
import { assertCleanText } from './text-hygiene';

export interface FieldError {
  path: string;
  code: string;
  /** the field's label in the user's words (src/lib/field-labels.ts) */
  label?: { zh: string; en: string };
  zh: string;
  en: string;
}

type Issue = { code?: string; path?: PropertyKey[]; message?: string; instancePath?: string } & Record<string, unknown>;
type Text = { zh: string; en: string };

const KIND: Record<string, Text> = {
  string: { zh: '文字', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  bigint: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '“是”或“否”', en: 'yes or no' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '一组填写项', en: 'a group of fields' },
  date: { zh: '日期', en: 'a date' },
};

const FORMAT: Record<string, Text> = {
  date: { zh: '有效日期，例如 2025-03-01', en: 'a valid date, e.g. 2025-03-01' },
  datetime: { zh: '有效的日期和时间，例如 2025-03-01T09:30:00Z', en: 'a valid date and time, e.g. 2025-03-01T09:30:00Z' },
  time: { zh: '有效时间，例如 09:30', en: 'a valid time, e.g. 09:30' },
  email: { zh: '有效的电子邮箱地址', en: 'a valid e-mail address' },
  url: { zh: '有效的网址', en: 'a valid web address' },
  uuid: { zh: '有效的编号', en: 'a valid id' },
};

/** True for a missing value: zod reports it as invalid_type with "received undefined". */
function isMissing(i: Issue): boolean {
  if (i.code !== 'invalid_type') return false;
  if ('input' in i) return i.input === undefined || i.input === null;
  return /received (undefined|null)\b/.test(String(i.message ?? ''));
}

function num(v: unknown): string {
  return typeof v === 'bigint' ? v.toString() : String(v);
}

/** The sentence for one issue, naming the field as 「label」 / "label". */
function sentence(i: Issue, L: Text): Text {
  const z = `「${L.zh}」`;
  const e = `"${L.en}"`;
  const min = num(i.minimum);
  const max = num(i.maximum);
  const origin = String(i.origin ?? '');
  const inclusive = i.inclusive !== false;
  switch (i.code) {
    case 'invalid_type': {
      if (isMissing(i)) return { zh: `请填写${z}。`, en: `Please fill in ${e}.` };
      const k = KIND[String(i.expected)] ?? { zh: '规定的格式', en: 'in the expected form' };
      return { zh: `${z}应填写${k.zh}。`, en: `${e} must be ${k.en}.` };
    }
    case 'too_small':
      if (origin === 'string')
        return min === '1' ? { zh: `请填写${z}。`, en: `Please fill in ${e}.` } : { zh: `${z}至少需要 ${min} 个字。`, en: `${e} needs at least ${min} characters.` };
      if (origin === 'array' || origin === 'set')
        return min === '1' ? { zh: `${z}至少选择或填写一项。`, en: `${e} needs at least one entry.` } : { zh: `${z}至少需要 ${min} 项。`, en: `${e} needs at least ${min} entries.` };
      if (origin === 'date') return { zh: `${z}不能早于 ${min}。`, en: `${e} cannot be before ${min}.` };
      return inclusive ? { zh: `${z}不能小于 ${min}。`, en: `${e} cannot be less than ${min}.` } : { zh: `${z}必须大于 ${min}。`, en: `${e} must be more than ${min}.` };
    case 'too_big':
      if (origin === 'string') return { zh: `${z}最多 ${max} 个字。`, en: `${e} can have at most ${max} characters.` };
      if (origin === 'array' || origin === 'set') return { zh: `${z}最多 ${max} 项。`, en: `${e} can have at most ${max} entries.` };
      if (origin === 'date') return { zh: `${z}不能晚于 ${max}。`, en: `${e} cannot be after ${max}.` };
      return inclusive ? { zh: `${z}不能大于 ${max}。`, en: `${e} cannot be more than ${max}.` } : { zh: `${z}必须小于 ${max}。`, en: `${e} must be less than ${max}.` };
    case 'invalid_format': {
      const f = FORMAT[String(i.format)];
      return f ? { zh: `${z}请填写${f.zh}。`, en: `${e} must be ${f.en}.` } : { zh: `${z}的格式不正确。`, en: `${e} is not in the required form.` };
    }
    case 'invalid_value':
      return { zh: `${z}请从给出的选项中选择。`, en: `Choose ${e} from the options given.` };
    case 'not_multiple_of':
      return { zh: `${z}须为 ${num(i.divisor)} 的整数倍。`, en: `${e} must be a multiple of ${num(i.divisor)}.` };
    case 'unrecognized_keys':
      return { zh: '提交的内容含有本表单没有的项目。', en: 'The submission holds fields this form does not have.' };
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    default:
      return { zh: `${z}的填写不符合要求。`, en: `${e} is not filled in as required.` };
  }
}

const SOMETHING: Text = { zh: '此项', en: 'This field' };

export function fieldErrors(issues: readonly Issue[]): FieldError[] {
  return issues.map((i) => {
    const segs = (i.path ?? []).map(String);
    const path = segs.join('.') || (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const known = labelOf(path);
    const at = path.split('.').filter((s) => /^\d+$/.test(s));
    // "subjects.1.form" → 「处理形式」（第 2 项）: which entry of a list, counted from one
    const L: Text = known
      ? at.length
        ? { zh: `${known.zh}（第 ${Number(at[0]) + 1} 项）`, en: `${known.en} (entry ${Number(at[0]) + 1})` }
        : known
      : SOMETHING;
    const label = known ? { zh: known.zh, en: known.en } : undefined;
    // Custom messages written in schemas and services are already bilingual: "中文 / English".
    if (i.code === 'custom' && i.message) {
      const [zh, en] = i.message.split(' / ');
      const zhs = zh ?? i.message;
      const ens = en ?? zhs;
      return {
        path,
        code: 'custom',
        ...(label ? { label } : {}),
        zh: path ? `「${L.zh}」：${endSentence(zhs, '。')}` : endSentence(zhs, '。'),
        en: path ? `"${L.en}": ${endSentence(ens, '.')}` : endSentence(ens, '.'),
      };
    }
    const s = sentence(i, L);
    return { path, code: String(i.code ?? 'invalid'), ...(label ? { label } : {}), zh: s.zh, en: s.en };
  });
}

function endSentence(t: string, stop: string): string {
  return /[。.!?！？]$/.test(t) ? t : t + stop;
}

export function validationError(issues: readonly Issue[]): AppError {
  const fields = fieldErrors(issues);
  const first = fields[0];
  const more = fields.length - 1;
  return new AppError(
    'VALIDATION_FAILED',
    first
      ? {
          zh: more > 0 ? `${first.zh}（另有 ${more} 处需要修改）` : first.zh,
          en: more > 0 ? `${first.en} (${more} more to correct)` : first.en,
        }
      : undefined,
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
