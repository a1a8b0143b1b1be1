// What every service method receives: the database, the clock, the file store and the actor.
// Services authorize first (src/policies), run one transaction per command (src/db/tx) and
// append audit records inside it (src/audit). No HTTP here.
import type { Db } from '../db/database';
import type { Clock } from '../lib/clock';
import type { Actor } from '../policies/roles';
import type { FileStore } from '../files/file-store';

export interface Deps {
  db: Db;
  clock: Clock;
  files: FileStore;
}

export interface Ctx extends Deps {
  actor: Actor;
}

export const nowIso = (deps: Pick<Deps, 'clock'>): string => deps.clock.now().toISOString();
