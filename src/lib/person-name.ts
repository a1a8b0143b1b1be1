// The key under which two register records name the same officer (FL-5(1) 回避 and the FL-10(6)
// 多次 count are judged by register person, so one officer must have one record): the name as
// typed, compared with its spacing, width and letter case folded away. Stored as `people.name_key`
// (migration 0640), written by the people repository on every insert and name change.

/** 张 三 / 张三 / ＺＨＡＮＧ　Ｓａｎ / zhang san → one key: NFKC (full-width and half-width forms folded), every space and invisible format character removed, middle dots made one, lower case. */
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
