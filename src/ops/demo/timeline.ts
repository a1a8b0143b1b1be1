// The demo plays the commission's history in date order: every write goes through the real
// services with the clock set to the moment it happened, so record timestamps, audit times and
// step dates agree, and the audit chain reads as a real chronology. An event may schedule later
// events (a case's next step).
import type { FixedClock } from '../../lib/clock';

interface Event {
  date: string;
  seq: number;
  label: string;
  run: () => Promise<void>;
}

export class Timeline {
  private readonly events: Event[] = [];
  private seq = 0;
  private played = 0;

  /** Schedules `run` on `date` ('YYYY-MM-DD', China); same-day events keep the order they were added in. */
  on(date: string, label: string, run: () => Promise<void>): void {
    this.events.push({ date, seq: this.seq++, label, run });
  }

  get count(): number {
    return this.played;
  }

  /**
   * Runs every event, earliest first, never past `today`. Office hours: the first event of a
   * day at 09:00 China time (01:00 UTC), each further one a few minutes later.
   */
  async play(clock: FixedClock, today: string): Promise<void> {
    let day = '';
    let minute = 0;
    for (;;) {
      let next = -1;
      for (let i = 0; i < this.events.length; i++) {
        const e = this.events[i]!;
        const best = this.events[next];
        if (!best || e.date < best.date || (e.date === best.date && e.seq < best.seq)) next = i;
      }
      if (next < 0) return;
      const e = this.events.splice(next, 1)[0]!;
      if (e.date > today) throw new Error(`demo event "${e.label}" is dated ${e.date}, after the demo today ${today}`);
      if (e.date !== day) {
        day = e.date;
        minute = 0;
      }
      clock.set(new Date(Date.parse(`${e.date}T01:00:00Z`) + minute * 60_000));
      minute += 3;
      try {
        await e.run();
      } catch (err) {
        (err as Error).message = `demo: ${e.label} (${e.date}): ${(err as Error).message}`;
        throw err;
      }
      this.played++;
    }
  }
}
