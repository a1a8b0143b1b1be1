// `npm run build` (server part): one ESM bundle of the command line and server, dist/cli.mjs.
// Packages in `dependencies` stay external (installed next to it, native ones included);
// everything under src/ — migrations, the rule packs, templates — is bundled (all statically
// imported), so production runs plain JavaScript with no tsx and no vite.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli/main.ts' },
  outDir: 'dist',
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  splitting: false,
  sourcemap: true,
  clean: true,
  dts: false,
  shims: false,
  outExtension: () => ({ js: '.mjs' }),
});
