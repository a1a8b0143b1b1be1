// Every route module, registered by buildApp. Add a module here when you add an area.
import type { RouteModule } from '../types';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { calendarRoutes } from './calendar';
import { alertRoutes } from './alerts';
import { campaignRoutes } from './campaigns';
import { profileRoutes } from './profiles';
import { documentRoutes } from './documents';
import { caseRoutes } from './cases';
import { excelRoutes } from './excel';
import { impartialityRoutes } from './impartiality';
import { meetingRoutes } from './meetings';
import { notificationRoutes } from './notifications';
import { orgRoutes } from './orgs';
import { registersRoutes } from './registers';
import { reporterChannelRoutes } from './reporter-channel';
import { statsRoutes } from './stats';
import { supervisionRoutes } from './supervision';

import { reporterRoutes } from './reporter';

export const routeModules: RouteModule[] = [
  authRoutes,
  calendarRoutes,
  caseRoutes,
  documentRoutes,
  excelRoutes,
  meetingRoutes,
  registersRoutes,
  statsRoutes,
  auditRoutes,
  impartialityRoutes,
  supervisionRoutes,
  campaignRoutes,
  alertRoutes,
  profileRoutes,
  reporterChannelRoutes,
  notificationRoutes,
  reporterRoutes,
  orgRoutes,
];
