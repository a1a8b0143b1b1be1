// Vite build of the web app: `npm run build:web` → web/dist, which the server serves with SPA
// fallback (src/server/app.ts). Pages are lazy routes, so the first page a user loads carries only
// the shell and that page; ECharts is imported only by the statistics page (its own chunk).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(({ command }) => {
  // A build is always the production build of React and antd, even when started from a test
  // runner that sets NODE_ENV=test (the e2e harness builds web/dist on demand).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: webRoot,
    base: '/',
    plugins: [react()],
    build: {
      outDir: path.join(webRoot, 'dist'),
      emptyOutDir: true,
      // bench/web.ts reads the manifest to weigh what each route loads.
      manifest: true,
      chunkSizeWarningLimit: 1200,
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              // React and the router change rarely: one long-cached chunk.
              { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
              // ECharts and zrender only ever load with the statistics page.
              { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
            ],
          },
        },
      },
    },
    server: {
      port: 5173,
      // Host passed on unchanged (changeOrigin off): the API accepts a change signed in by the
      // cookie only from the page's own origin (src/server/plugins/csrf.ts), here localhost:5173
      proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false }, '/openapi.json': 'http://127.0.0.1:3000' },
    },
  };
});
