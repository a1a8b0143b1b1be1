// The folder of Wenze's package.json, found by walking up from this module: the same answer
// whether the code runs from src/ (tsx, vitest) or from the bundle in dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'wenze') return dir;
      } catch {
        // not readable as JSON: keep walking up
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`package root not found above ${from}`);
  }
}
