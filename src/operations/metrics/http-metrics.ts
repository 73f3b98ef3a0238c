import type { NextFunction, Request, Response } from 'express';
import type { MetricsRegistry } from './metrics-registry';

/** Methods outside this list are counted as `other`: a client must not be able to mint label values. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Each HTTP request once it has been answered, by the route template Express
 * matched (`/api/v1/rooms/:roomId/messages`), never the path itself: a path holds
 * ids. What no route matched (the web app's files, a 404, a refusal before
 * routing) is `unmatched`.
 */
export function httpMetrics(metrics: MetricsRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: unknown } | undefined)?.path;
      metrics.httpRequests
        .labels(METHODS.has(req.method) ? req.method : 'other', typeof route === 'string' ? req.baseUrl + route : 'unmatched', String(res.statusCode))
        .observe(seconds);
    });
    next();
  };
}
