// One officer, one register record (FL-5(1), FL-10(6)): the folded name under which two records
// of the same unit are compared, and when two such records may be two people.
import { describe, expect, it } from 'vitest';
import { employeeNoKey, isNewTwin, maybeSameOfficer, personNameKey } from './person-name';

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
});
