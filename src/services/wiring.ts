// Explicit start-up wiring of the areas that react to other areas' events — instead of
// listeners registered as a side effect of importing a module. Called by buildApp (undone when
// the app closes) and by the CLI's openDeps, with the real database. Areas add theirs here.
import type { Deps } from './context';
import { wireCaseDeadlines } from './cases/deadlines';

export function wireServices(deps: Pick<Deps, 'db'>): () => void {
  const offs = [wireCaseDeadlines(deps)];
  return () => {
    for (const off of offs.reverse()) off();
  };
}
