import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The API's paths, for the development server's proxy (`npm run web:dev` beside `npm run start:dev`). */
const API_PATHS = ['/auth', '/fiscal-years', '/frameworks', '/audit', '/health', '/docs'];

/** Built into dist/web, which the API serves at `/` (app.module.ts). JSX by Vite's own transformer (React's automatic runtime). */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [tailwindcss()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" for server-component bundlers; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, 'http://127.0.0.1:3000'])),
    // The app reads a few pure facts from libs/domain (src/shared/domain.ts).
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
  },
});
