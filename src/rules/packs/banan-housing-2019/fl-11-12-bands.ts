// FL-11 and FL-12: the severity band of each subject, which selects the row of the range table.
//   ordinary — neither serious consequences nor bad influence (WC-4(3): punishment fits the fault);
//   serious  — serious consequences or bad influence, short of a crime (FL-11's forms);
//   criminal — this person's conduct is suspected to be a crime (FL-12: transfer to judicial organs).
import type { RuleModule } from '../../types';
import { seriousOrBadInfluence, shortOfCrime } from './facts';
import { rule, why } from './provision';

// 十一、执法过错造成的后果严重或影响恶劣，尚未构成犯罪的，应给以年度不予考核、延期晋职晋级、调离行政执法
// 岗位等行政纪律处分。
export const FL_11 = rule(
  'FL-11',
  '执法过错造成的后果严重或影响恶劣，尚未构成犯罪的，应给以年度不予考核、延期晋职晋级、调离行政执法岗位等行政纪律处分。',
  'Where the fault had serious consequences or bad influence but is not a crime, administrative discipline such as no annual assessment, delayed promotion or removal from the enforcement post shall be given.',
);
// 十二、执法过错责任人的行为构成犯罪，移交司法机关追究刑事责任。
export const FL_12 = rule(
  'FL-12',
  '执法过错责任人的行为构成犯罪，移交司法机关追究刑事责任。',
  "Where the person's conduct is a crime, it is transferred to the judicial organs for criminal liability.",
);

const W = {
  serious: why(
    '后果严重或影响恶劣且未涉嫌犯罪：应给以年度不予考核、延期晋职晋级、调离执法岗位等处分。',
    'Serious consequences or bad influence, short of a crime: FL-11 forms (no annual assessment, delayed promotion, removal from post).',
  ),
  criminal: why(
    '此人的行为涉嫌犯罪：须移交司法机关追究刑事责任，FL-10、FL-11 以“未构成犯罪”为前提，暂不适用。',
    "This person's conduct is suspected to be a crime: it must go to the judicial organs; FL-10 and FL-11 presuppose no crime and do not apply for now.",
  ),
};

export const bands: RuleModule = {
  name: 'fl-11-12-bands',
  implements: ['FL-11', 'FL-12'],
  phase: 'assess',
  run(ctx) {
    const serious = seriousOrBadInfluence(ctx);
    for (let i1_ = 0, a1_ = ctx.subjects; i1_ < a1_.length; i1_++) {
      const s = a1_[i1_]!;
      if (!shortOfCrime(s)) {
        ctx.band(s, 'criminal', 'FL-12');
        ctx.trace(FL_12, 'fired', s.id, W.criminal);
        continue;
      }
      if (serious) {
        ctx.band(s, 'serious', 'FL-11');
        ctx.trace(FL_11, 'fired', s.id, W.serious);
      } else {
        // The ordinary row (WC-4(3)); its trace line is the range line the engine writes.
        ctx.band(s, 'ordinary', 'WC-4(3)');
      }
    }
  },
};

const TRANSFER = why(
  '涉嫌犯罪，移交司法机关追究刑事责任（同时按 WC-9(3) 及时向有关部门报告）。',
  'Crime suspected: transfer to the judicial organs (and report promptly to the competent bodies, WC-9(3)).',
);

const DISCIPLINE = why(
  '涉嫌违纪：依 WC-9(3)“如涉嫌违纪违法及时向有关部门报告”，向纪检监察机关报告。',
  'Suspected breach of discipline: report to the discipline inspection body (WC-9(3): suspected breaches are reported promptly to the competent bodies).',
);
const ILLEGALITY = why(
  '涉嫌职务违法（尚不构成犯罪）：依 WC-9(3) 及时向监察委员会报告。',
  'Suspected illegal act in office (short of crime): report promptly to the supervision commission (WC-9(3)).',
);

/**
 * FL-12's mandatory transfer, whatever the allocation: crimes are not the Commission's to judge;
 * and WC-9(3)'s referral duties for each person found suspected of 违纪 / 违法 / 犯罪, each with
 * its receiving body. The decision step cannot complete until each is recorded as made or waived.
 * A referral does not depend on responsibility under FL-8: it follows the suspicion.
 */
export const fl12Transfer: RuleModule = {
  name: 'fl-12-transfer',
  implements: ['FL-12'],
  phase: 'consequences',
  run(ctx) {
    for (let i2_ = 0, a2_ = ctx.subjects; i2_ < a2_.length; i2_++) {
      const s = a2_[i2_]!;
      if (!s.isSubject) continue;
      if (s.p.disciplineSuspected) {
        ctx.trace('WC-9(3)', 'fired', s.id, DISCIPLINE);
        ctx.mandatory(s, { kind: 'report_to_authorities', body: 'discipline_inspection', ruleIds: ['WC-9(3)'], conditional: false, unitId: null, year: null, zh: DISCIPLINE.zh, en: DISCIPLINE.en });
      }
      if (s.p.illegalitySuspected && shortOfCrime(s)) {
        ctx.trace('WC-9(3)', 'fired', s.id, ILLEGALITY);
        ctx.mandatory(s, { kind: 'report_to_authorities', body: 'supervision_commission', ruleIds: ['WC-9(3)'], conditional: false, unitId: null, year: null, zh: ILLEGALITY.zh, en: ILLEGALITY.en });
      }
      if (shortOfCrime(s)) continue;
      ctx.mandatory(s, {
        kind: 'judicial_transfer',
        body: 'judicial',
        ruleIds: ['FL-12', 'FL-6(6)', 'WC-9(3)'],
        conditional: false,
        unitId: null,
        year: null,
        zh: TRANSFER.zh,
        en: TRANSFER.en,
      });
    }
  },
};

export const provisions = [FL_11, FL_12];
