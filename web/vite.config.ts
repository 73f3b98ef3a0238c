import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** `npm run web:dev` proxies the API and the socket to a running Parley (PARLEY_URL, default :3000). */
const target = process.env.PARLEY_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  // The SDK and the components from their sources (npm workspaces): one build, no prebuilt packages.
  resolve: {
    alias: [
      { find: '@parley/client', replacement: here('../clients/js/src/index.ts') },
      { find: /^@parley\/react$/, replacement: here('../clients/react/src/index.ts') },
      { find: /^@parley\/react\/internal$/, replacement: here('../clients/react/src/internal.ts') },
      { find: /^@parley\/react\/(.+\.css)$/, replacement: here('../clients/react/src/$1') },
    ],
  },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: false },
  server: {
    port: 5173,
    proxy: {
      '/api': target,
      '/docs': target,
      '/health': target,
      '/socket.io': { target, ws: true },
    },
  },
});
