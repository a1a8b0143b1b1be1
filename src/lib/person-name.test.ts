// One officer, one register record (FL-5(1), FL-10(6)): the folded name under which two records
// of the same unit are compared, and when two such records may be two people.
import { describe, expect, it } from 'vitest';
import { employeeNoKey, isNewNamesake, isNewTwin, maybeSameOfficer, personNameKey, personNameProblem } from './person-name';

describe('FL-5(1): the name two records of one officer share', () => {
  it('FL-5(1): spaces (ideographic, inner, zero-width), full-width forms, letter case and middle-dot variants are folded away', () => {
    const key = personNameKey('张建国');
    for (const n of [' 张建国 ', '张 建 国', '张\u3000建国', '张\u200b建国', '\ufeff张建国', '张\t建国']) expect(personNameKey(n), JSON.stringify(n)).toBe(key);
    expect(personNameKey('ＬＩ　Ｍｉｎｇ')).toBe(personNameKey('li ming'));
    expect(personNameKey('买买提·艾力')).toBe(personNameKey('买买提・艾力'));
    expect(personNameKey('买买提•艾力')).toBe(personNameKey('买买提·艾力'));
    // a different character is a different name
    expect(personNameKey('张建囯')).not.toBe(key);
  });

  it('FL-5(1): two records of one name in one unit are two people only when both carry employee numbers that differ (compared folded)', () => {
    expect(maybeSameOfficer(null, null)).toBe(true);
    expect(maybeSameOfficer('E1', null)).toBe(true);
    expect(maybeSameOfficer(null, 'E1')).toBe(true);
    expect(maybeSameOfficer('E1', 'Ｅ１')).toBe(true);
    expect(maybeSameOfficer('e1', ' E1')).toBe(true);
    expect(maybeSameOfficer('E1', 'E2')).toBe(false);
    expect(employeeNoKey('  ')).toBeNull();
  });

  it('FL-5(1): a change is refused only for a pair it makes, not for one that was registered before', () => {
    const other = { unitId: 'u1', nameKey: personNameKey('张三'), employeeNo: null };
    expect(isNewTwin({ name: '张三', unitId: 'u1', employeeNo: null }, other)).toBe(true);
    expect(isNewTwin({ name: '张三', unitId: 'u2', employeeNo: null }, other)).toBe(false);
    // renamed or moved onto him: new
    expect(isNewTwin({ name: '张三', unitId: 'u1', employeeNo: 'E1' }, other, { name: '张四', unitId: 'u1', employeeNo: 'E1' })).toBe(true);
    expect(isNewTwin({ name: '张三', unitId: 'u1', employeeNo: 'E1' }, other, { name: '张三', unitId: 'u2', employeeNo: 'E1' })).toBe(true);
    // an old pair given a number, or a phone: as it was
    expect(isNewTwin({ name: '张三', unitId: 'u1', employeeNo: 'E1' }, other, { name: '张三', unitId: 'u1', employeeNo: null })).toBe(false);
    // an employee number taken off a namesake who has his own: new
    expect(isNewTwin({ name: '张三', unitId: 'u1', employeeNo: null }, { ...other, employeeNo: 'E2' }, { name: '张三', unitId: 'u1', employeeNo: 'E1' })).toBe(true);
  });

  it('FL-5(1): the red-team walk\'s spellings of 袁红梅 — variation selectors, a combining mark, the grapheme joiner, Hangul fillers, a braille blank, the traditional form — fold to her key', () => {
    const key = personNameKey('袁红梅');
    for (const n of ['袁\uFE00红梅', '袁红\u{E0100}梅', '袁红梅\u0300', '袁\u034F红梅', '袁\u3164红梅', '袁\u115F红梅', '袁\uFFA0红梅', '袁\u2800红梅', '袁紅梅', '袁\u00AD红梅']) {
      expect(personNameKey(n), JSON.stringify(n)).toBe(key);
    }
    // traditional and variant forms, character by character (opencc-js 1.4.2)
    expect(personNameKey('張建國')).toBe(personNameKey('张建国'));
    expect(personNameKey('鍾鐘')).toBe(personNameKey('钟钟'));
    expect(personNameKey('歐陽娜娜')).toBe(personNameKey('欧阳娜娜'));
    // a different character stays a different name; a Latin name keeps its letters
    expect(personNameKey('袁红霞')).not.toBe(key);
    expect(personNameKey('José')).toBe('josé');
  });

  it('FL-5(1): a personal name holds Han characters, Latin letters, the middle dot and spaces, and at least one letter; anything else is named by its position and code point', () => {
    for (const n of ['袁红梅', '买买提·艾力', '阿依古丽・买买提', 'Li Ming', '欧阳 娜娜', '张\u3000三', 'José', '〇一', '𠀀𠀁']) expect(personNameProblem(n), n).toBeNull();
    expect(personNameProblem('袁\uFE00红梅')).toEqual({
      zh: '姓名只能使用汉字、拉丁字母、间隔号（·）和空格，第 2 个字符（U+FE00）不能使用',
      en: 'a name may hold only Chinese characters, Latin letters, the middle dot (·) and spaces: character 2 (U+FE00) cannot be used',
    });
    expect(personNameProblem('袁红\u{E0100}梅')?.zh).toContain('第 3 个字符（U+E0100）');
    for (const [n, cp] of [['袁红梅\u0300', 'U+0300'], ['袁\u3164红梅', 'U+3164'], ['袁\u2800红梅', 'U+2800'], ['袁\u200B红梅', 'U+200B'], ['袁红梅2', 'U+0032'], ['袁⼀', 'U+2F00'], ['김철수', 'U+AE40'], ['袁\u00A0红梅', 'U+00A0']] as const) {
      expect(personNameProblem(n)?.en, n).toContain(`(${cp})`);
    }
    expect(personNameProblem('· ·')).toEqual({ zh: '姓名须含汉字或拉丁字母', en: 'a name needs Chinese characters or Latin letters' });
  });

  it('FL-5(1): a record becomes a namesake of another by a create, a rename or a move into its unit, not by an edit that leaves its name and unit', () => {
    const other = { unitId: 'u1', nameKey: personNameKey('张三'), employeeNo: 'E2' };
    expect(isNewNamesake({ name: '張 三', unitId: 'u1', employeeNo: 'E1' }, other)).toBe(true);
    expect(isNewNamesake({ name: '张三', unitId: 'u2', employeeNo: 'E1' }, other)).toBe(false);
    expect(isNewNamesake({ name: '张三', unitId: 'u1', employeeNo: 'E1' }, other, { name: '张四', unitId: 'u1', employeeNo: 'E1' })).toBe(true);
    expect(isNewNamesake({ name: '张三', unitId: 'u1', employeeNo: 'E1' }, other, { name: '张三', unitId: 'u2', employeeNo: 'E1' })).toBe(true);
    expect(isNewNamesake({ name: '张三', unitId: 'u1', employeeNo: 'E3' }, other, { name: '张三', unitId: 'u1', employeeNo: 'E1' })).toBe(false);
  });
});
