import type { NextFunction, Request, Response } from 'express';
import type { MetricsRegistry } from './metrics-registry';

/**
 * Each HTTP request once it has been answered, by the route template Express
 * matched (`/api/v1/rooms/:roomId/messages`), never the path itself: a path holds
 * ids. What no route matched (the web app's files, a 404, a refusal before
 * routing) is `unmatched`. The method is bounded too: Node's parser takes only
 * the methods of `http.METHODS`.
 */
export function httpMetrics(metrics: MetricsRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: unknown } | undefined)?.path;
      metrics.httpRequests.labels(req.method, typeof route === 'string' ? req.baseUrl + route : 'unmatched', String(res.statusCode)).observe(seconds);
    });
    next();
  };
}
