import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface Scrapes {
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** `Authorization: Bearer <token>` compared in constant time; no token configured lets every scrape in. */
export function tokenAccepted(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** GET /metrics: 401 in the contract's JSON shape without the token, the exposition text with it. */
export function scrapeHandler(metrics: Scrapes, token: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!tokenAccepted(req.headers.authorization, token)) {
      res
        .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' })
        .end(JSON.stringify({ detail: 'Metrics need Authorization: Bearer <METRICS_TOKEN>.', code: 'not_authenticated' }));
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      () =>
        res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ detail: 'Metrics are not available now.', code: 'service_unavailable' })),
    );
  };
}
