// guardDuplicate (src/services/registers/internal.ts): a register write whose unique key a
// concurrent write took first (checked free before, refused by the database) answers
// CONFLICT_DUPLICATE naming the record and key, on either engine; other errors go on unchanged.
import { describe, expect, it } from 'vitest';
import { guardDuplicate } from './internal';

const UNIT = { zh: '单位简称', en: 'unit short code' };
const refusedBy = (code: string) => Object.assign(new Error('unique constraint failed'), { code });

describe('register writes: a unique key taken by a concurrent write is CONFLICT_DUPLICATE', () => {
  it.each(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])('the database refusal %s becomes CONFLICT_DUPLICATE with the key, in both languages', async (code) => {
    const err = await guardDuplicate(UNIT, 'FGK', () => Promise.reject(refusedBy(code))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT_DUPLICATE', status: 409, details: { key: 'FGK' } });
    expect((err as { zh: string }).zh).toContain('单位简称 FGK 已存在');
    expect((err as { en: string }).en).toContain('unit short code FGK already exists');
  });

  it('any other error goes on unchanged, and a write that succeeds gives back its result', async () => {
    const other = refusedBy('23503');
    await expect(guardDuplicate(UNIT, 'FGK', () => Promise.reject(other))).rejects.toBe(other);
    await expect(guardDuplicate(UNIT, 'FGK', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
