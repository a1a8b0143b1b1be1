// Curly quotes follow the language: “ ” is one code point in Chinese and in English and the font
// decides its width. English text ('Please fill in “Username”', 'the Commission’s own target')
// was drawn with full-width quotes by the Chinese font that came first on Linux; Chinese text
// (标注“历史导入”) with narrow ones by Segoe UI on Windows. The English stack now puts Latin
// fonts before every Chinese font; the Chinese stack takes the quotes alone from a Chinese font.
// (The widths as drawn are measured in Chromium: test/e2e/layout-1366.test.ts.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CJK_QUOTE_FACE, fontFamilyFor } from './fonts';
import { themeFor } from '../app';

const families = (stack: string) => stack.split(',').map((f) => f.trim().replace(/^'|'$/g, ''));
const CJK_FONTS = ['PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', CJK_QUOTE_FACE];
const LATIN_WITH_QUOTES = ['Segoe UI', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'DejaVu Sans'];

describe('font stacks and curly quotes', () => {
  it('Typography (English): every Latin font of the five systems comes before any Chinese font, and the Chinese quote face is not used', () => {
    const en = families(fontFamilyFor('en'));
    const firstCjk = en.findIndex((f) => CJK_FONTS.includes(f));
    expect(firstCjk).toBeGreaterThan(0);
    for (const latin of LATIN_WITH_QUOTES) {
      expect(en.indexOf(latin), latin).toBeGreaterThanOrEqual(0);
      expect(en.indexOf(latin), latin).toBeLessThan(firstCjk);
    }
    expect(en).not.toContain(CJK_QUOTE_FACE);
  });

  it('Typography (Chinese): the quotes come first from a Chinese font, limited by unicode-range to the four curly quotes', () => {
    expect(families(fontFamilyFor('zh'))[0]).toBe(CJK_QUOTE_FACE);
    const html = fs.readFileSync(path.resolve(__dirname, '../../index.html'), 'utf8');
    const faces = [...html.matchAll(/@font-face\s*\{([^}]*)\}/g)].map((m) => m[1]!).filter((f) => f.includes(`'${CJK_QUOTE_FACE}'`));
    expect(faces.length).toBeGreaterThan(0);
    for (const f of faces) {
      expect(f).toMatch(/unicode-range:\s*U\+2018-2019,\s*U\+201C-201D;/);
      expect(f).toMatch(/local\('Microsoft YaHei/);
      expect(f).toMatch(/local\('Noto Sans CJK SC/);
    }
  });

  it('Typography: the antd theme carries the stack of the language shown', () => {
    expect(themeFor('zh').token.fontFamily).toBe(fontFamilyFor('zh'));
    expect(themeFor('en').token.fontFamily).toBe(fontFamilyFor('en'));
    expect(themeFor('en').token.colorPrimary).toBe(themeFor('zh').token.colorPrimary);
  });
});
