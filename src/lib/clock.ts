// Time comes from an injected clock everywhere, so deadlines are testable.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class FixedClock implements Clock {
  private t: number;
  constructor(iso: string | Date) {
    this.t = new Date(iso).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string | Date): void {
    this.t = new Date(iso).getTime();
  }
  advanceDays(days: number): void {
    this.t += days * 86_400_000;
  }
}

/** 'YYYY-MM-DD' of an instant in China Standard Time (UTC+8, no DST): the measures' days. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
