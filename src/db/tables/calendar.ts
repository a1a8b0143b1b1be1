// Owned by the calendar area (src/calendar). Placeholder type until that area adds its tables.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CalendarTables {}
