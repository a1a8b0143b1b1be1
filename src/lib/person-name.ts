// The key under which two register records name the same officer (FL-5(1) 回避 and the FL-10(6)
// 多次 count are judged by register person, so one officer must have one record): the name as
// typed, compared with its spacing, width and letter case folded away. Stored as `people.name_key`
// (migration 0640), written by the people repository on every insert and name change.

/** 张 三 / 张三 / ＺＨＡＮＧ Ｓａｎ (full-width, ideographic space) / zhang san → one key: NFKC (full-width and half-width forms folded), every space and invisible format character removed, middle dots made one, lower case. */
export function personNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\p{Cf}]+/gu, '')
    .replace(/[·・•‧∙⋅]/gu, '·')
    .toLowerCase();
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

/**
 * Whether the other record `o` (its unit, folded name, employee no.) makes `p` a second record of
 * one officer: same unit, same folded name, not both with differing employee numbers — and, for
 * a change of a record (`before`: the record as it stands), not already so before it: an edit that
 * leaves a pair registered before the rule as it was (giving one of them an employee number, or
 * a phone) is not refused; one that makes a new pair is.
 */
export function isNewTwin(p: NamedRecord, o: { unitId: string; nameKey: string | null; employeeNo: string | null }, before?: NamedRecord | null): boolean {
  const clash = (r: NamedRecord) => r.unitId === o.unitId && personNameKey(r.name) === o.nameKey && maybeSameOfficer(r.employeeNo, o.employeeNo);
  return clash(p) && !(before && clash(before));
}
