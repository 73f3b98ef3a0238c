import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the API, its docs and probes own: never answered with the web app. */
const SERVER_PATHS = /^\/(api|docs|docs-json|health|scim|socket\.io)(\/|$)/;

/**
 * The page's own CSP: helmet's default (as every other answer gets, app.factory.ts) with one
 * widening, `blob:` images, for the composer's previews of files not uploaded yet
 * (`URL.createObjectURL`). Only the web app's own files get it; API answers keep the default.
 */
export const PAGE_CSP_DIRECTIVES = { 'upgrade-insecure-requests': null, 'img-src': ["'self'", 'data:', 'blob:'] };

const defaultDist = () => join(process.cwd(), 'web', 'dist');

/** The web app has been built (`npm start` builds it; `npm run web:build` forces it). */
export function webAppBuilt(dist = defaultDist()): boolean {
  return existsSync(join(dist, 'index.html'));
}

/**
 * The reference web app (web/, built by `npm start` into web/dist) at `/`, on
 * the API's own origin: its files, and index.html for any other page a
 * browser asks for (client-side routes such as /rooms/{id}). Without a build
 * nothing is mounted and the API behaves as before.
 */
export function serveWebApp(app: NestExpressApplication, dist = defaultDist(), frameAncestors: readonly string[] = []): boolean {
  if (!webAppBuilt(dist)) return false;
  // Hashed asset names change with their content: cache them for good; index.html never.
  app.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
  // Only for paths the API does not own: express.static stats the disk for every path it is given,
  // which would put a file-system call (on libuv's thread pool) in front of every API request.
  const files = express.static(dist, { index: false, maxAge: 0 });
  // An LMS's page may frame the web app (LTI launches, docs/lti.md): only the origins configured.
  const framing: Record<string, string[]> = frameAncestors.length ? { 'frame-ancestors': ["'self'", ...frameAncestors] } : {};
  const pageCsp = helmet.contentSecurityPolicy({ directives: { ...PAGE_CSP_DIRECTIVES, ...framing } });
  app.use((req: Request, res: Response, next: NextFunction) =>
    SERVER_PATHS.test(req.path)
      ? next()
      : pageCsp(req, res, () => {
          if (frameAncestors.length) res.removeHeader('X-Frame-Options'); // frame-ancestors says who may frame it
          files(req, res, next);
        }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    // Relative to `root`: send refuses dot-segments only in that part, so an install under ~/.cache/... works.
    res.sendFile('index.html', { root: dist });
  });
  return true;
}
