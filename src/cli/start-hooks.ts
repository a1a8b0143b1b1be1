// Work done when the server starts, after migrations: seeding reference data (the holiday
// calendar), loading demo data into an empty database when asked. Areas add their hook here.
import type { Deps } from '../services/context';
import { seedCalendarOnStart } from './commands/calendar';
import { demoOnFirstStart } from '../ops/demo/start-hook';
import { adoptFolderFilesOnStart, sweepUploadsOnStart } from '../files/start-sweep';
import { evaluateAlerts } from '../services/alerts/alerts-service';
import { backfillInternalTargets } from '../services/notify/internal-targets';

export type StartHook = (deps: Deps, opts: { demo: boolean }) => Promise<void>;

// The calendar first: demo data and anything else that computes deadlines needs it.
// The upload sweep first of all: nothing is uploading yet.
// The database store then takes in the files an installation kept in its data folder before.
// Then the internal targets an upgraded database's waiting cases lack (they need the calendar).
// Last: early-intervention alerts over whatever the registers and cases now hold.
export const startHooks: StartHook[] = [
  async (deps) => void (await sweepUploadsOnStart(deps)),
  adoptFolderFilesOnStart,
  seedCalendarOnStart,
  demoOnFirstStart,
  // 内部时限 added since a case entered its starting state (an upgraded database): started now
  async (deps) => void (await backfillInternalTargets(deps)),
  async (deps) => void (await evaluateAlerts(deps, deps.clock.now())),
];
