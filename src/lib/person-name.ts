// The key under which two register records name the same officer (FL-5(1) 回避 and the FL-10(6)
// 多次 count are judged by register person, so one officer must have one record): the name as
// typed, compared with its spacing, width, letter case, invisible characters and traditional
// forms folded away. Stored as `people.name_key` (migration 0640, recomputed by 0690 when the
// folding grew), written by the people repository on every insert and name change. And what a
// person's name may hold at all (`personNameProblem`): a name typed with a character outside it
// could not be told from another name by eye, so it is refused where a name is given.
import { ConverterFactory } from 'opencc-js/core';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

/**
 * Traditional to simplified, character by character (opencc-js 1.4.2, pinned: the key must not
 * change under a stored `name_key`): the Hong Kong and Taiwan variant forms to the standard
 * traditional ones, then those to simplified (紅→红, 張→张, 鐘/鍾→钟, 峯→峰). No phrase
 * dictionaries: a name is not a phrase, and one character must fold the same wherever it stands.
 * Built on first use (the dictionaries' tries).
 */
let toSimplified: ((s: string) => string) | null = null;
const simplified = (s: string): string => (toSimplified ??= ConverterFactory([HKVariantsRev, TWVariantsRev], [TSCharacters]))(s);

/**
 * What the key drops: white space (ideographic and zero-width too), format characters (Cf),
 * combining and enclosing marks (Mn, Me — variation selectors, the combining grapheme joiner),
 * every other default-ignorable code point (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0)
 * and the braille blank (U+2800): nothing a reader sees. A name may hold none of them now
 * (`personNameProblem`); the key drops them so that a name stored before compares as it reads.
 */
const INVISIBLE = /[\s\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}\u2800]+/gu;

/** The middle dots of a transcribed name (买买提·艾力), folded to one by the key and allowed in a name. */
const MIDDLE_DOTS = '·・•‧∙⋅･';

/**
 * 张 三 / 张三 / ＺＨＡＮＧ Ｓａｎ / zhang san / 張三 / 张\u200b三 / 张\ufe00三 → one key: NFKC
 * (full-width and half-width forms, compatibility ideographs folded), every invisible character
 * removed (`INVISIBLE`), middle dots made one, traditional characters made simplified, lower case.
 */
export function personNameKey(name: string): string {
  return simplified(
    name
      .normalize('NFKC')
      .replace(INVISIBLE, '')
      .replace(/[·・•‧∙⋅]/gu, '·'),
  ).toLowerCase();
}

const ALLOWED = new RegExp(`^(?:(?=\\p{Script=Han})[\\p{L}\\p{Nl}]|(?=\\p{Script=Latin})\\p{L}|[${MIDDLE_DOTS}]|[ \\u3000])$`, 'u');
const LETTER = /(?:(?=\p{Script=Han})[\p{L}\p{Nl}]|(?=\p{Script=Latin})\p{L})/u;

/**
 * Why `name` cannot be a person's name, or null when it can: a Chinese personal name holds Han
 * characters (〇 and 々 too), Latin letters (a minority or foreign name), the middle dot and
 * spaces (ordinary or ideographic), and at least one letter. Anything else — a combining mark,
 * a variation selector, a format character, a filler, a braille blank, a symbol, a digit — is
 * named by its position and code point (most of them cannot be seen). Asked where a name is
 * given: a new record, a changed name (API, Excel/CSV import); a name stored before is not asked
 * again until it is changed.
 */
export function personNameProblem(name: string): { zh: string; en: string } | null {
  let at = 0;
  for (const ch of name) {
    at++;
    if (!ALLOWED.test(ch)) {
      const cp = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return {
        zh: `姓名只能使用汉字、拉丁字母、间隔号（·）和空格，第 ${at} 个字符（${cp}）不能使用`,
        en: `a name may hold only Chinese characters, Latin letters, the middle dot (·) and spaces: character ${at} (${cp}) cannot be used`,
      };
    }
  }
  if (!LETTER.test(name)) return { zh: '姓名须含汉字或拉丁字母', en: 'a name needs Chinese characters or Latin letters' };
  return null;
}

/** An employee number as compared when telling two people of one name apart: folded like a name, upper case. */
export function employeeNoKey(employeeNo: string | null | undefined): string | null {
  const k = employeeNo ? personNameKey(employeeNo).toUpperCase() : '';
  return k || null;
}

/**
 * Whether two records of the same name in the same unit may be one officer: yes, unless both carry
 * an employee number and the numbers differ (distinct employees of the same name).
 */
export function maybeSameOfficer(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = employeeNoKey(a);
  const kb = employeeNoKey(b);
  return !(ka && kb && ka !== kb);
}

/** A register record as the same-officer rule reads it. */
export interface NamedRecord {
  name: string;
  unitId: string;
  employeeNo?: string | null | undefined;
}

/** Another record as the rule reads it: its unit, folded name and employee no. */
export interface OtherRecord {
  unitId: string;
  nameKey: string | null;
  employeeNo: string | null;
}

const sameName = (r: NamedRecord, o: OtherRecord): boolean => r.unitId === o.unitId && personNameKey(r.name) === o.nameKey;

/**
 * Whether the other record `o` (its unit, folded name, employee no.) makes `p` a second record of
 * one officer: same unit, same folded name, not both with differing employee numbers — and, for
 * a change of a record (`before`: the record as it stands), not already so before it: an edit that
 * leaves a pair registered before the rule as it was (giving one of them an employee number, or
 * a phone) is not refused; one that makes a new pair is.
 */
export function isNewTwin(p: NamedRecord, o: OtherRecord, before?: NamedRecord | null): boolean {
  const clash = (r: NamedRecord) => sameName(r, o) && maybeSameOfficer(r.employeeNo, o.employeeNo);
  return clash(p) && !(before && clash(before));
}

/**
 * Whether `p` becomes a namesake of `o` in its unit — same unit, same folded name — by this write:
 * a new record, or a change of name or unit (`before`) that was not one already. Two such records
 * are two people only when both carry employee numbers that differ (else `isNewTwin`), and only
 * with the clerk's written reason (`sameNameReason`, FL-5(1)): an employee number alone is typed.
 */
export function isNewNamesake(p: NamedRecord, o: OtherRecord, before?: NamedRecord | null): boolean {
  return sameName(p, o) && !(before && sameName(before, o));
}
