// Every migration, in order. Statically imported so the migrator works the same under tsx,
// vitest and a bundle. Add new migrations at the end; never edit one that has shipped.
import type { Migration } from 'kysely';
import * as m0001 from './0001-core';
import * as m0010 from './0010-registers';
import * as m0020 from './0020-calendar';
import * as m0030 from './0030-cases';
import * as m0040 from './0040-rules';
import * as m0050 from './0050-search';
import * as m0060 from './0060-documents';
import * as m0065 from './0065-case-money-bigint';
import * as m0070 from './0070-impartiality';
import * as m0075 from './0075-meetings';
import * as m0080 from './0080-impartiality-execution';
import * as m0085 from './0085-accounts';
import * as m0090 from './0090-audit-source-ip';
import * as m0091 from './0091-setup-once';
import * as m0092 from './0092-rate-limits';
import * as m0095 from './0095-audit-hash-alg';
import * as m0105 from './0105-case-id-indexes';
import * as m0142 from './0142-appeal-referral-letter';
import * as m0150 from './0150-organisations';
import * as m0160 from './0160-file-store';
import * as m0170 from './0170-appeal-referrals-case-index';
import * as m0180 from './0180-reporter-channel';
import * as m0190 from './0190-report-encryption';
import * as m0200 from './0200-campaigns';
import * as m0201 from './0201-alerts';
import * as m0210 from './0210-notifications';
import * as m0220 from './0220-document-seal-signing-service';
import * as m0230 from './0230-historical-decisions';
import * as m0300 from './0300-case-referrals';
import * as m0310 from './0310-case-queue-columns';
import * as m0330 from './0330-report-text-encryption';
import * as m0331 from './0331-reporter-link-origin';
import * as m0332 from './0332-report-document-encryption';
import * as m0350 from './0350-org-memberships';
import * as m0351 from './0351-case-number-per-org';
import * as m0400 from './0400-stats-indexes';
import * as m0410 from './0410-scheduled-jobs';
import * as m0411 from './0411-queue-deadline-cover';
import * as m0470 from './0470-sealed-document-files';
import * as m0480 from './0480-stats-counters';
import * as m0490 from './0490-queue-deadline-order';
import * as m0510 from './0510-audit-org';
import * as m0515 from './0515-audit-entity-action';
import * as m0520 from './0520-case-steps-moving';
import * as m0530 from './0530-case-evidence-order';
import * as m0540 from './0540-password-reset-approval';
import * as m0550 from './0550-supervision-recovery-amount';
import * as m0560 from './0560-notification-defence-waiver';
import * as m0570 from './0570-document-number-unique';
import * as m0575 from './0575-evidence-disclosure-request';
import * as m0580 from './0580-decision-item-execution-start';
import * as m0595 from './0595-decision-body-deactivation';
import * as m0610 from './0610-org-seals-signing-keys';
import * as m0620 from './0620-case-waits-refresh';
import * as m0640 from './0640-people-name-key';
import * as m0680 from './0680-appeal-waits-clerk';
import * as m0690 from './0690-people-name-key-folding';

export const migrations: Record<string, Migration> = {
  '0001-core': m0001,
  '0010-registers': m0010,
  '0020-calendar': m0020,
  '0030-cases': m0030,
  '0040-rules': m0040,
  '0050-search': m0050,
  '0060-documents': m0060,
  '0065-case-money-bigint': m0065,
  '0070-impartiality': m0070,
  '0075-meetings': m0075,
  '0080-impartiality-execution': m0080,
  '0085-accounts': m0085,
  '0090-audit-source-ip': m0090,
  '0091-setup-once': m0091,
  '0092-rate-limits': m0092,
  '0095-audit-hash-alg': m0095,
  '0105-case-id-indexes': m0105,
  '0142-appeal-referral-letter': m0142,
  '0150-organisations': m0150,
  '0160-file-store': m0160,
  '0170-appeal-referrals-case-index': m0170,
  '0180-reporter-channel': m0180,
  '0190-report-encryption': m0190,
  '0200-campaigns': m0200,
  '0201-alerts': m0201,
  '0210-notifications': m0210,
  '0220-document-seal-signing-service': m0220,
  '0230-historical-decisions': m0230,
  '0300-case-referrals': m0300,
  '0310-case-queue-columns': m0310,
  '0330-report-text-encryption': m0330,
  '0331-reporter-link-origin': m0331,
  '0332-report-document-encryption': m0332,
  '0350-org-memberships': m0350,
  '0351-case-number-per-org': m0351,
  '0400-stats-indexes': m0400,
  '0410-scheduled-jobs': m0410,
  '0411-queue-deadline-cover': m0411,
  '0470-sealed-document-files': m0470,
  '0480-stats-counters': m0480,
  '0490-queue-deadline-order': m0490,
  '0510-audit-org': m0510,
  '0515-audit-entity-action': m0515,
  '0520-case-steps-moving': m0520,
  '0530-case-evidence-order': m0530,
  '0540-password-reset-approval': m0540,
  '0550-supervision-recovery-amount': m0550,
  '0560-notification-defence-waiver': m0560,
  '0570-document-number-unique': m0570,
  '0575-evidence-disclosure-request': m0575,
  '0580-decision-item-execution-start': m0580,
  '0595-decision-body-deactivation': m0595,
  '0610-org-seals-signing-keys': m0610,
  '0620-case-waits-refresh': m0620,
  '0640-people-name-key': m0640,
  '0680-appeal-waits-clerk': m0680,
  '0690-people-name-key-folding': m0690,
};
