// Dated parameters (OpenFisca style): a value applies from its date until the next entry.
// Packs keep every value that changes over time here, with its legal reference, instead of
// `if (date >= …)` in rule code.
import type { DatedParameter, DatedValue } from './types';

/** The entry in force on `date` (YYYY-MM-DD), or undefined before the first entry. */
export function valueAt<T>(param: DatedParameter<T>, date: string): DatedValue<T> | undefined {
  const vs = param.values;
  for (let i = vs.length - 1; i >= 0; i--) {
    const v = vs[i]!;
    if (v.from <= date) return v;
  }
  return undefined;
}

/** The most recent entry (the one that applies from the latest date). */
export function latestValue<T>(param: DatedParameter<T>): DatedValue<T> | undefined {
  return param.values[param.values.length - 1];
}

/** Throws when entries are not in ascending date order (checked once, at pack load). */
export function checkParameter(param: DatedParameter<unknown>): void {
  for (let i = 1; i < param.values.length; i++) {
    if (param.values[i - 1]!.from >= param.values[i]!.from) {
      throw new Error(`parameter ${param.id}: values must be in strictly ascending date order`);
    }
  }
  if (param.values.length === 0) throw new Error(`parameter ${param.id}: no values`);
}
