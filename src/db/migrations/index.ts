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
import * as m0080 from './0080-impartiality-execution';

export const migrations: Record<string, Migration> = {
  '0001-core': m0001,
  '0010-registers': m0010,
  '0020-calendar': m0020,
  '0030-cases': m0030,
  '0040-rules': m0040,
  '0050-search': m0050,
  '0060-documents': m0060,
  '0065-case-money-bigint': m0065,
  '0080-impartiality-execution': m0080,
};
