import type { NextFunction, Request, Response } from 'express';
import { toErrorBody } from '../../core/errors/error-body';

const UNDER_HEALTH = /^\/health(\/|$)/;
const PROBES = /^\/health\/(live|ready)\/?$/;

/**
 * `/health` and anything under it but the two probes: the contract's JSON 404
 * naming the probes. These paths sit outside the API prefix, where Express
 * would otherwise answer its HTML "Cannot GET".
 */
export function healthNotFound(req: Request, res: Response, next: NextFunction): void {
  if (!UNDER_HEALTH.test(req.path) || PROBES.test(req.path)) return next();
  const { status, body } = toErrorBody({ status: 404 });
  res
    .status(status)
    .json({ ...body, detail: 'Not found. The health probes are GET /health/live (the process is up) and GET /health/ready (its database answers).' });
}
