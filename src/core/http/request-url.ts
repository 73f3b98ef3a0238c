import type { Request } from 'express';

/** The absolute URL the client asked for (honours X-Forwarded-* when TRUST_PROXY is on). */
export function requestUrl(req: Request): URL {
  return new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
}
