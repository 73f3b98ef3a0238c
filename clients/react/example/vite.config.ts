import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/**
 * The embed example: `npm run example -w @parley/react` serves it on :5174 and proxies the API and the socket
 * to a running Parley (PARLEY_URL, default :3000); `npm run example:build -w @parley/react` writes example/dist,
 * static files any server (or another origin, listed in Parley's CORS_ORIGINS) can serve.
 */
const target = process.env.PARLEY_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: [
      { find: '@parley/client', replacement: here('../../js/src/index.ts') },
      { find: /^@parley\/react$/, replacement: here('../src/index.ts') },
      { find: /^@parley\/react\/(.+\.css)$/, replacement: here('../src/$1') },
    ],
  },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: false },
  server: {
    port: 5174,
    proxy: {
      '/api': target,
      '/socket.io': { target, ws: true },
    },
  },
});
