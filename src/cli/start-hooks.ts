// Work done when the server starts, after migrations: seeding reference data (the holiday
// calendar), loading demo data into an empty database when asked. Areas add their hook here.
import type { Deps } from '../services/context';

export type StartHook = (deps: Deps, opts: { demo: boolean }) => Promise<void>;

export const startHooks: StartHook[] = [];
