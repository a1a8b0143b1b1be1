// Is the compiled build (dist/cli.mjs, web/dist) present and current? Shared by bin/wenze.mjs
// and bin/ensure-build.mjs. "Current" only matters in a source checkout: when src/ (or web/src)
// has a file newer than the build, the build is stale. An installed package has no src/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'dist', 'cli.mjs');
export const webIndex = path.join(root, 'web', 'dist', 'index.html');

function newest(dir) {
  let max = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (!e.name.includes('.test.')) max = Math.max(max, fs.statSync(p).mtimeMs);
    }
  }
  return max;
}

function current(output, sources) {
  if (!fs.existsSync(output)) return false;
  const built = fs.statSync(output).mtimeMs;
  return sources.every((s) => !fs.existsSync(s) || newest(s) <= built);
}

export const serverCurrent = () => current(serverBundle, [path.join(root, 'src')]);
export const webCurrent = () => current(webIndex, [path.join(root, 'web', 'src')]);
