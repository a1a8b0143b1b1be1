#!/usr/bin/env node
// The `wenze` command. Runs the compiled bundle dist/cli.mjs (`npm run build`). In a source
// checkout with no build, or sources newer than it, or WENZE_FROM_SOURCE=1, it runs the
// TypeScript sources through tsx (a dev dependency) instead.
import { pathToFileURL } from 'node:url';
import { serverBundle, serverCurrent } from './build-state.mjs';

if (process.env.WENZE_FROM_SOURCE !== '1' && serverCurrent()) {
  await import(pathToFileURL(serverBundle).href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    console.error('没有构建：请先运行 npm run build / No build (dist/cli.mjs): run `npm run build` first');
    process.exit(1);
  }
  register();
  await import('../src/cli/main.ts');
}
