import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { finalize, type Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { ReadReplicas } from './read-replicas';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-your-writes over REST with read replicas: a request that may write (any
 * method but GET, HEAD, OPTIONS), once its handler is done (its commit with it,
 * before the answer is sent), marks its user as having written, so that user's
 * next reads go to the primary or to a replica that has replayed past it
 * (ReadReplicas). Marked whatever the outcome: a failure may follow a commit.
 * Global only with replicas (app.factory.ts): without, no interceptor runs at all,
 * and Nest answers a route without its per-request Observable chain.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(private readonly replicas: ReadReplicas) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.replicas.enabled || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (READS.has(request.method)) return next.handle();
    return next.handle().pipe(
      finalize(() => {
        if (request.user) this.replicas.wrote(request.user.id);
      }),
    );
  }
}
