// CLI-ready commands (node only). The CLI author wires them to
//   wenze rules evaluate FILE [--json]     exit 0 ok · 2 invalid input · 3 rule conflict · 4 no rules in force
//   wenze rules coverage [--json]          exit 0 all accounted for · 1 something unaccounted for
// They return the text to print and the exit code; they never print or exit themselves.
import { readFile } from 'node:fs/promises';
import { isAppError } from '../errors';
import { coverage, type CoverageReport } from './coverage';
import { scanTests } from './coverage-scan';
import { renderReport } from './explain';
import { evaluate, parseFacts } from './index';
import { REGISTERED_PACKS } from './registry';
import type { RulePack } from './types';

export interface CommandResult {
  output: string;
  exitCode: number;
}

export const EXIT = { ok: 0, unaccounted: 1, invalidInput: 2, conflict: 3, noRulesInForce: 4 } as const;

function invalid(json: boolean, zh: string, en: string, details?: unknown): CommandResult {
  const output = json
    ? JSON.stringify({ error: { code: 'VALIDATION_FAILED', messageZh: zh, messageEn: en, details } }, null, 2)
    : `输入无效：${zh}\n(${en})`;
  return { output, exitCode: EXIT.invalidInput };
}

/** `wenze rules evaluate FILE [--json]`: evaluate a facts JSON file. */
export async function rulesEvaluateCommand(file: string, opts: { json: boolean }): Promise<CommandResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return invalid(opts.json, `无法读取文件 ${file}`, `cannot read ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return invalid(opts.json, `${file} 不是有效的 JSON`, `${file} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    const rec = evaluate(parseFacts(raw));
    const output = opts.json ? JSON.stringify(rec, null, 2) : renderReport(rec, 'zh');
    const exitCode = rec.status === 'ok' ? EXIT.ok : rec.status === 'conflict' ? EXIT.conflict : EXIT.noRulesInForce;
    return { output, exitCode };
  } catch (e) {
    if (isAppError(e) && e.code === 'VALIDATION_FAILED') return invalid(opts.json, e.zh, e.en, e.details);
    throw e;
  }
}

const DISPOSITION_ZH: Record<string, string> = {
  rule: '规则',
  workflow_guard: '流程控制',
  not_encoded: '未编码',
  absent_in_source: '原文无此条',
};

function renderCoverage(r: CoverageReport): string {
  const out: string[] = [];
  out.push(`规则包 ${r.packId} 条款覆盖情况`);
  out.push(
    `规则 ${r.counts.rule} · 流程控制 ${r.counts.workflow_guard} · 未编码 ${r.counts.not_encoded} · 原文无此条 ${r.counts.absent_in_source} · 无测试 ${r.untested.length}`,
  );
  for (const e of r.entries) {
    const where =
      e.disposition === 'rule'
        ? e.implementedBy.join(', ')
        : e.disposition === 'workflow_guard'
          ? `${e.guard?.step ?? ''} — ${e.guard?.zh ?? ''}`
          : (e.reason?.zh ?? '');
    const tests = e.tests.length > 0 ? `测试 ${e.tests.length}` : e.disposition === 'absent_in_source' ? '' : '无测试';
    out.push(`  ${e.id.padEnd(9)} ${(DISPOSITION_ZH[e.disposition] ?? e.disposition).padEnd(6)} ${where}${tests ? `  [${tests}]` : ''}`);
  }
  if (r.unaccounted.length > 0) {
    out.push('未落实的条款：');
    for (const u of r.unaccounted) out.push(`  ✗ ${u}`);
  } else {
    out.push('每一条、每一项均已落实（规则 / 流程控制 / 说明未编码的理由）。');
  }
  return out.join('\n');
}

/** `wenze rules coverage [--json]`: every article and item of every registered pack. */
export async function rulesCoverageCommand(
  opts: { json: boolean },
  packs: readonly RulePack[] = REGISTERED_PACKS,
): Promise<CommandResult> {
  const tests = scanTests();
  const reports = packs.map((p) => coverage(p, tests));
  const ok = reports.every((r) => r.ok);
  const output = opts.json ? JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) : reports.map(renderCoverage).join('\n\n');
  return { output, exitCode: ok ? EXIT.ok : EXIT.unaccounted };
}
