// Every route module, registered by buildApp. Add a module here when you add an area.
import type { RouteModule } from '../types';
import { authRoutes } from './auth';
import { calendarRoutes } from './calendar';
import { documentRoutes } from './documents';
import { caseRoutes } from './cases';
import { impartialityRoutes } from './impartiality';
import { excelRoutes } from './excel';
import { registersRoutes } from './registers';
import { statsRoutes } from './stats';

export const routeModules: RouteModule[] = [authRoutes, calendarRoutes, caseRoutes, documentRoutes, excelRoutes, registersRoutes, statsRoutes, impartialityRoutes];
