// The browser tests run side by side (vitest.config.ts): the web app is built here, once, before
// any of them starts, so that no two files build web/dist at the same time (each file's server
// then finds it current).
import { ensureWebBuild } from './harness';

export default function setup(): void {
  ensureWebBuild();
}
