// Every route module, registered by buildApp. Add a module here when you add an area.
import type { RouteModule } from '../types';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { calendarRoutes } from './calendar';
import { documentRoutes } from './documents';
import { caseRoutes } from './cases';
import { excelRoutes } from './excel';
import { impartialityRoutes } from './impartiality';
import { meetingRoutes } from './meetings';
import { orgRoutes } from './orgs';
import { registersRoutes } from './registers';
import { statsRoutes } from './stats';
import { supervisionRoutes } from './supervision';

export const routeModules: RouteModule[] = [authRoutes, calendarRoutes, caseRoutes, documentRoutes, excelRoutes, meetingRoutes, registersRoutes, statsRoutes, auditRoutes, impartialityRoutes, supervisionRoutes, orgRoutes];
