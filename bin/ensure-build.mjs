#!/usr/bin/env node
// `npm start` runs this first: build the server bundle and the web app when missing (or older
// than the sources in a source checkout). Needs the dev dependencies (tsup, vite) only then.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, serverCurrent, webCurrent } from './build-state.mjs';

function run(label, bin, args) {
  console.log(`构建 building ${label}…`);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', ...bin), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`构建失败 build failed: ${label} (npm run build needs the dev dependencies)`);
    process.exit(r.status ?? 1);
  }
}

if (!serverCurrent()) run('server (dist/cli.mjs)', ['tsup', 'dist', 'cli-default.js'], []);
if (!webCurrent()) run('web app (web/dist)', ['vite', 'bin', 'vite.js'], ['build', '--config', 'web/vite.config.ts']);
