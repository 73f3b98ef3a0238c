import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import { AppConfig } from '../config/app-config.service';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Request logs with a request id (X-Request-ID when given, echoed back) and secrets redacted. */
export function loggerOptions(config: AppConfig): Options {
  const pretty = config.get('NODE_ENV') === 'development' && canLoad('pino-pretty');
  return {
    level: config.get('LOG_LEVEL'),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-ID', id);
      return id;
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
  };
}

function canLoad(name: string): boolean {
  try {
    createRequire(join(process.cwd(), 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}
