import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './start-tracing';

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}

/** Flushes the spans at shutdown; the SDK itself starts before Nest (main.ts). */
@Module({ providers: [TracingShutdown] })
export class TracingModule {}
