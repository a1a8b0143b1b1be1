// The Kysely database type: the union of every area's tables. Each area owns one file under
// src/db/tables/ and one or more migrations under src/db/migrations/.
import type { CoreTables } from './tables/core';
import type { CalendarTables } from './tables/calendar';
import type { RegisterTables } from './tables/registers';
import type { CaseTables } from './tables/cases';
import type { RuleTables } from './tables/rules';
import type { SearchTables } from './tables/search';
import type { DocumentTables } from './tables/documents';
import type { SecurityTables } from './tables/security';
import type { FileStoreTables } from './tables/files';
import type { AccountTables } from './tables/accounts';
import type { ImpartialityTables } from './tables/impartiality';
import type { MeetingTables } from './tables/meetings';
import type { ImpartialityExecutionTables } from './tables/impartiality-execution';
import type { CampaignTables } from './tables/campaigns';
import type { ReporterChannelTables } from './tables/reporter-channel';
import type { NotificationTables } from './tables/notifications';
import type { ReporterProtectionTables } from './tables/reporter-protection';
import type { OrganisationTables } from './tables/organisations';
import type { HistoryTables } from './tables/history';
import type { JobTables } from './tables/jobs';
import type { StatsTables } from './tables/stats';

export interface Database extends CoreTables, CalendarTables, RegisterTables, CaseTables, RuleTables, SearchTables, DocumentTables, SecurityTables, AccountTables, ImpartialityTables, MeetingTables, ImpartialityExecutionTables, CampaignTables, FileStoreTables, ReporterChannelTables, NotificationTables, ReporterProtectionTables, OrganisationTables, HistoryTables, JobTables, StatsTables {}
