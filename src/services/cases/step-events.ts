// Observers of committed case steps (metrics: transitions per step). Called after the step's
// transaction has committed, never inside it; an observer that throws is ignored — a committed
// step is never reported as failed because of an observer.
import type { Db } from '../../db/database';
import type { CaseAction, CaseState } from '../../domain/cases';

export interface StepPerformed {
  db: Db;
  action: CaseAction;
  from: CaseState;
  to: CaseState;
}

type Observer = (e: StepPerformed) => void;
const observers = new Set<Observer>();

/** Subscribe; returns the unsubscribe function. */
export function onStepPerformed(fn: Observer): () => void {
  observers.add(fn);
  return () => observers.delete(fn);
}

export function emitStepPerformed(e: StepPerformed): void {
  for (const fn of observers) {
    try {
      fn(e);
    } catch {
      // observers (metrics) must not turn a committed step into an error
    }
  }
}
