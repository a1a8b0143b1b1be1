// The audit page names each action in words (zh and en): every action the system writes to the
// audit trail has a label. The page used to show the raw code for about a hundred of them
// (alert.raise, case.meeting.opinion, certificate.suspend, relationship.declare …).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLabel } from './audit-service';
import { ACTION_DEFS } from '../../domain/cases';
import { EXCEL_KINDS } from '../excel/import-export';

const SRC = path.resolve(__dirname, '../..');

/** Every literal action written by the source: `action: 'x.y'` and `action: cond ? 'x.y' : 'x.z'`. */
function literalActions(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
        const s = fs.readFileSync(p, 'utf8');
        for (const m of s.matchAll(/action:\s*((?:[^,{}\n]*?\?\s*)?'[a-z_]+(?:\.[a-z_-]+)+'(?:\s*:\s*'[a-z_.-]+')?)/g)) for (const x of m[1]!.matchAll(/'([a-z_]+(?:\.[a-z_-]+)+)'/g)) out.add(x[1]!);
      }
    }
  };
  walk(SRC);
  return out;
}

describe('audit action labels', () => {
  it('Audit trail (三员分立, auditor): every action the system writes reads in words in both languages, never as its code', () => {
    const literal = literalActions();
    expect(literal.size).toBeGreaterThan(80);
    // the actions written from a variable: alert.<action>, role.<grant|revoke>, excel.import.<kind>, case.<step>, and the register changes
    const dynamic = [
      ...['acknowledge', 'assign', 'close'].map((a) => `alert.${a}`),
      'role.grant',
      'role.revoke',
      ...EXCEL_KINDS.map((k) => `excel.import.${k}`),
      ...Object.keys(ACTION_DEFS).map((a) => `case.${a}`),
      ...['suspend', 'reinstate', 'revoke'].map((a) => `certificate.${a}`),
      ...['update', 'post_change', 'deactivate', 'reactivate'].map((a) => `person.${a}`),
      ...['update', 'move', 'deactivate', 'reactivate'].map((a) => `unit.${a}`),
      'original_case.wc5_signal.dismiss',
    ];
    const missing = [...literal, ...dynamic].filter((a) => {
      const l = actionLabel(a);
      return l.zh === a || l.en === a || !/[\u4e00-\u9fa5]/.test(l.zh);
    });
    expect(missing).toEqual([]);
  });

  it('Audit trail: an action nobody labelled still shows (as its code), never an empty cell', () => {
    expect(actionLabel('something.new')).toEqual({ zh: 'something.new', en: 'something.new' });
  });
});
