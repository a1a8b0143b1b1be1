// Writes docs/rules/facts.schema.json and docs/rules/recommendation.schema.json from the zod
// schemas. Run: node --import tsx src/rules/scripts/write-schemas.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILES, schemaFileContent } from '../json-schemas';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
for (const { file, build } of SCHEMA_FILES) {
  writeFileSync(path.join(root, file), schemaFileContent(build));
  console.log(`wrote ${file}`);
}
