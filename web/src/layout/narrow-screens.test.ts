// On a phone (390 px) a description list of two or three fixed columns squeezed its values to one
// character a line (收到日期 read 2 / 0 / 2 / 6 …, down the case page). Every list of several
// columns falls back to one column below antd's sm breakpoint: `column={{ xs: 1, sm: N }}`.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB_SRC = path.resolve(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith('.tsx') && !p.endsWith('.test.tsx') ? [p] : [];
  });
}

describe('narrow screens', () => {
  it('Layout (phone): no description list keeps two or more fixed columns on a narrow screen', () => {
    const files = sources(WEB_SRC);
    expect(files.length).toBeGreaterThan(50);
    const fixed = files.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/<Descriptions\b[^>]*\bcolumn=\{([2-9])\}/g)].map((m) => `${path.relative(WEB_SRC, f)}: column={${m[1]}}`));
    expect(fixed).toEqual([]);
  });

  it('Layout (phone): the queue\'s deadline tables and the statistics\' charts stack on a narrow screen (no fixed half-width columns)', () => {
    for (const f of ['pages/queue-page.tsx', 'pages/stats-page.tsx']) {
      const fixedSpans = [...fs.readFileSync(path.join(WEB_SRC, f), 'utf8').matchAll(/<Col\b[^>]*\bspan=\{12\}/g)].map((m) => m[0]);
      expect(fixedSpans, f).toEqual([]);
    }
  });
});
