// Owned by the rules area (receipts). Placeholder type until that area adds its tables.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RuleTables {}
