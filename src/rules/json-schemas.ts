// The published JSON Schemas (docs/rules/*.schema.json), generated from the zod schemas.
// Regenerate with `node --import tsx src/rules/scripts/write-schemas.ts`; a test fails when
// the committed files differ from what the schemas produce.
import { factsJsonSchema, recommendationJsonSchema } from './schema';

export const SCHEMA_FILES: readonly { file: string; build: () => Record<string, unknown> }[] = [
  { file: 'docs/rules/facts.schema.json', build: factsJsonSchema },
  { file: 'docs/rules/recommendation.schema.json', build: recommendationJsonSchema },
];

/** File content: pretty JSON with a trailing newline. */
export function schemaFileContent(build: () => Record<string, unknown>): string {
  return `${JSON.stringify(build(), null, 2)}\n`;
}
