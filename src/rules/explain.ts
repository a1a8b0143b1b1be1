// Human-readable text from a recommendation: the short explanation carried in every result
// (Chinese first, English available) and the longer report the CLI prints. Generic: the words
// come from the result itself (citations, form names), never from a pack's article numbers.
import type { Recommendation, SubjectRecommendation } from './schema';

type Lang = 'zh' | 'en';

export const RESPONSIBILITY_LABEL: Record<SubjectRecommendation['responsibility'], { zh: string; en: string }> = {
  primary: { zh: '主要责任', en: 'primarily responsible' },
  accountable: { zh: '追究责任', en: 'held accountable' },
  as_appropriate: { zh: '酌情追究', en: 'held responsible as appropriate' },
  none: { zh: '不追究', en: 'not held responsible' },
};

export const TREATMENT_LABEL: Record<NonNullable<SubjectRecommendation['treatment']>, { zh: string; en: string }> = {
  lighter_or_exempt: { zh: '从轻或免于追究', en: 'lighter or exempt' },
  lighter: { zh: '从轻处理', en: 'lighter' },
  normal: { zh: '一般处理', en: 'normal' },
  heavier: { zh: '从重处理', en: 'heavier' },
};

const MANDATORY_LABEL: Record<string, { zh: string; en: string }> = {
  judicial_transfer: { zh: '移送司法机关', en: 'transfer to the judicial organs' },
  compensation_recovery: { zh: '责成承担赔偿费用', en: 'recover compensation' },
  award_bar_person: { zh: '当年不得评为先进个人', en: 'no "advanced individual" award that year' },
  award_bar_unit: { zh: '所在单位当年不得评为先进集体', en: 'unit not rated "advanced collective" that year' },
  report_to_authorities: { zh: '向有关部门报告', en: 'report to the competent bodies' },
  disciplinary_sanction: { zh: '依法给予处分', en: 'sanction according to law' },
};

function cites(ids: readonly string[]): string {
  return ids.length > 0 ? `（${ids.join('、')}）` : '';
}
function citesEn(ids: readonly string[]): string {
  return ids.length > 0 ? ` (${ids.join(', ')})` : '';
}

function rangeText(s: SubjectRecommendation, lang: Lang): string {
  const f = s.forms;
  if (!f) return '';
  if (lang === 'zh') {
    const from = f.exemptionAvailable ? '免于追究' : (f.min?.zh ?? '');
    return `可选处理方式：${from} 至 ${f.max?.zh ?? ''}`;
  }
  const from = f.exemptionAvailable ? 'exemption' : (f.min?.en ?? '');
  return `permitted forms: ${from} to ${f.max?.en ?? ''}`;
}

function subjectLine(s: SubjectRecommendation, lang: Lang): string {
  const r = RESPONSIBILITY_LABEL[s.responsibility];
  if (lang === 'zh') {
    let line = `${s.name}：${r.zh}${cites(s.responsibilityBasis)}`;
    if (s.conflict) return `${line}；规则冲突（${s.conflict.ruleIds.join('、')}），须人工判断。`;
    if (s.treatment) line += `；${TREATMENT_LABEL[s.treatment].zh}${cites(s.treatmentBasis)}`;
    if (s.forms) line += `；${rangeText(s, 'zh')}`;
    for (const m of s.mandatory) line += `；${MANDATORY_LABEL[m.kind]?.zh ?? m.kind}${cites(m.ruleIds)}`;
    return `${line}。`;
  }
  let line = `${s.name}: ${r.en}${citesEn(s.responsibilityBasis)}`;
  if (s.conflict) return `${line}; rule conflict (${s.conflict.ruleIds.join(', ')}), a person must decide.`;
  if (s.treatment) line += `; ${TREATMENT_LABEL[s.treatment].en}${citesEn(s.treatmentBasis)}`;
  if (s.forms) line += `; ${rangeText(s, 'en')}`;
  for (const m of s.mandatory) line += `; ${MANDATORY_LABEL[m.kind]?.en ?? m.kind}${citesEn(m.ruleIds)}`;
  return `${line}.`;
}

/** The short explanation stored in every evaluated result. */
export function explain(rec: Recommendation): { zh: string; en: string } {
  if (rec.status === 'no_rules_in_force') return rec.explanation;
  const wc = rec.wrongCase;
  let zh = `适用规则包 ${rec.pack.id}（行为发生日 ${rec.conductDate}）。`;
  let en = `Rule pack ${rec.pack.id} applies (conduct date ${rec.conductDate}). `;
  if (wc.isWrongCase && wc.trackApplies) {
    zh += `本案认定为错案（${wc.source}）。`;
    en += `The case is a wrong case (${wc.source}). `;
  }
  for (const s of rec.subjects) {
    if (s.responsibility === 'none' && !s.conflict) continue;
    zh += subjectLine(s, 'zh');
    en += `${subjectLine(s, 'en')} `;
  }
  const none = rec.subjects.filter((s) => s.responsibility === 'none' && !s.conflict);
  if (none.length > 0) {
    zh += `不追究：${none.map((s) => s.name).join('、')}。`;
    en += `Not held responsible: ${none.map((s) => s.name).join(', ')}. `;
  }
  if (rec.warnings.length > 0) {
    zh += `另有 ${rec.warnings.length} 条提示须注意。`;
    en += `${rec.warnings.length} warning(s) need attention.`;
  }
  return { zh, en: en.trim() };
}

/** The full report printed by `wenze rules evaluate FILE` (Chinese by default). */
export function renderReport(rec: Recommendation, lang: Lang = 'zh'): string {
  const out: string[] = [];
  const zh = lang === 'zh';
  if (rec.status === 'no_rules_in_force') {
    out.push(zh ? '【无有效规则】' : '[No rules in force]');
    out.push(zh ? rec.explanation.zh : rec.explanation.en);
    return out.join('\n');
  }
  out.push(zh ? `问责建议 ${rec.caseRef ?? ''}`.trim() : `Accountability recommendation ${rec.caseRef ?? ''}`.trim());
  out.push('='.repeat(40));
  out.push(
    zh
      ? `规则包：${rec.pack.id} ${rec.pack.title.zh}（${rec.pack.validFrom} 起施行）`
      : `Rule pack: ${rec.pack.id} ${rec.pack.title.en} (in force from ${rec.pack.validFrom})`,
  );
  out.push(zh ? `行为发生日：${rec.conductDate}` : `Conduct date: ${rec.conductDate}`);
  const wc = rec.wrongCase;
  out.push(
    zh
      ? `错案认定：${wc.isWrongCase ? `是（${wc.source ?? '来源未填'}）` : '否'}${wc.isWrongCase && !wc.trackApplies ? '，错案问责规定不适用' : ''}`
      : `Wrong case: ${wc.isWrongCase ? `yes (${wc.source ?? 'no source'})` : 'no'}${wc.isWrongCase && !wc.trackApplies ? ', wrong-case rules do not apply' : ''}`,
  );
  if (rec.status === 'conflict') {
    out.push('');
    out.push(zh ? '【规则冲突，须人工判断】' : '[Rule conflict: a person must decide]');
    for (const c of rec.conflicts) out.push(`  - ${c.ruleIds.join(' ⇄ ')}：${zh ? c.zh : c.en}`);
  }
  out.push('');
  out.push(zh ? '一、责任人及建议' : '1. Subjects and recommendation');
  for (const s of rec.subjects) {
    out.push(`  ● ${s.name}（${s.subjectId}）`);
    const r = RESPONSIBILITY_LABEL[s.responsibility];
    out.push(`    ${zh ? '责任' : 'Responsibility'}：${zh ? r.zh : r.en}${cites(s.responsibilityBasis)}`);
    if (s.faults.length > 0) out.push(`    ${zh ? '过错' : 'Faults'}：${s.faults.join('、')}`);
    if (s.circumstances.length > 0) out.push(`    ${zh ? '情节' : 'Circumstances'}：${s.circumstances.join('、')}`);
    if (s.derived.length > 0) out.push(`    ${zh ? '系统认定' : 'Derived'}：${s.derived.join('、')}`);
    if (s.treatment) {
      const t = TREATMENT_LABEL[s.treatment];
      out.push(`    ${zh ? '处理' : 'Treatment'}：${zh ? t.zh : t.en}${cites(s.treatmentBasis)}`);
    }
    if (s.overridden.length > 0) out.push(`    ${zh ? '被排除的情节' : 'Overridden'}：${s.overridden.join('、')}`);
    if (s.forms) {
      out.push(`    ${rangeText(s, lang)}${cites(s.forms.citations)}`);
      out.push(`      ${s.forms.permitted.map((f) => `${f.rung}.${zh ? f.zh : f.en}`).join(' → ')}`);
    }
    for (const m of s.mandatory) {
      if (m.kind === 'compensation_recovery') continue; // shown on the compensation line below
      out.push(`    ${zh ? '必须' : 'Mandatory'}：${zh ? m.zh : m.en}${cites(m.ruleIds)}`);
    }
    if (s.compensation) {
      const c = s.compensation;
      out.push(
        zh
          ? `    国家赔偿：${c.recoverable ? `可责成承担，参考份额 ${(c.shareRatio * 100).toFixed(1)}%（¥${c.indicativeAmountYuan.toFixed(2)}），最多 ¥${c.upToYuan.toFixed(2)}` : '不建议追偿'}${cites(c.ruleIds)}`
          : `    State compensation: ${c.recoverable ? `recoverable, indicative share ${(c.shareRatio * 100).toFixed(1)}% (¥${c.indicativeAmountYuan.toFixed(2)}), up to ¥${c.upToYuan.toFixed(2)}` : 'recovery not recommended'}${citesEn(c.ruleIds)}`,
      );
    }
    if (s.conflict) out.push(`    ${zh ? '冲突' : 'Conflict'}：${zh ? s.conflict.zh : s.conflict.en}`);
  }
  if (rec.caseConsequences.length > 0) {
    out.push('');
    out.push(zh ? '二、单位' : '2. Units');
    for (const m of rec.caseConsequences) out.push(`  - ${zh ? m.zh : m.en}${cites(m.ruleIds)}`);
  }
  if (rec.warnings.length > 0) {
    out.push('');
    out.push(zh ? '三、提示' : '3. Warnings');
    for (const w of rec.warnings) {
      out.push(`  ! [${w.ruleIds.join('、')}]${w.subjectId ? ` ${w.subjectId}` : ''}：${zh ? w.zh : w.en}`);
    }
  }
  out.push('');
  out.push(zh ? '四、推理过程（每行引用条款原文）' : '4. Trace (each line cites the provision)');
  for (const t of rec.trace) {
    out.push(`  [${t.ruleId}] ${t.subjectId ?? (zh ? '全案' : 'case')} · ${t.outcome}：${zh ? t.zh : t.en}`);
    if (t.textZh) out.push(`      ${zh ? '原文' : 'Text'}：${t.textZh}`);
  }
  out.push('');
  out.push(
    zh
      ? '说明：本建议由规则引擎生成，供参考；处理决定由决定机关集体讨论作出，超出建议范围须书面说明理由。'
      : 'The engine recommends; the decision body decides, with a written reason for any departure from the range.',
  );
  return out.join('\n');
}
