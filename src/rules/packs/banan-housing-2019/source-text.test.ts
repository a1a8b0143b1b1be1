// The text kept with each provision is the source's, verbatim (docs/rules/source holds the
// notice as issued; line breaks inside an item are ignored).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bananHousing2019 } from './index';

const squash = (s: string) => s.replace(/\s+/g, '');
const source = squash(readFileSync(new URL('../../../../docs/rules/source/banan-housing-2019.txt', import.meta.url), 'utf8'));
const [fl, wc] = source.split('行政执法错案责任倒查问责办法一、');

describe('source text', () => {
  it('every provision quotes its measure verbatim', () => {
    for (const p of bananHousing2019.provisions) {
      if (p.disposition === 'absent_in_source') continue;
      const measureText = p.measure === 'FL' ? fl! : wc!;
      expect(measureText.includes(squash(p.textZh)), `${p.id}: ${p.textZh}`).toBe(true);
    }
  });

  it('the source really has no WC article 12 and numbers the last one 第十三条', () => {
    expect(wc).not.toContain('十二、');
    expect(wc).toContain('第十三条本办法自印发之日起实施。');
  });
});
