// Calendar-date helpers on 'YYYY-MM-DD' strings. Dates compare as strings; no Date objects,
// no clock, no time zone: the facts carry dates already read in China Standard Time.

/** The same month and day `years` earlier (29 Feb stays 29 Feb: it still compares correctly). */
export function minusYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  return String(y).padStart(4, '0') + date.slice(4);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
