#!/usr/bin/env node
// `npm run bench <name>` runs bench/<name>.ts under tsx: write, scale, load, import, rules, web, reporter, notify.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...rest] = process.argv.slice(2);
const file = name ? path.join(root, 'bench', `${name}.ts`) : '';
if (!name || !existsSync(file)) {
  console.error('usage: npm run bench <write|scale|load|import|rules|web|reporter|notify> (bench/<name>.ts)');
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
