import { Global, Module } from '@nestjs/common';
import { InMemoryPresenceStore } from './in-memory-presence.store';
import { PresenceStore } from './presence.store';

@Global()
@Module({
  providers: [{ provide: PresenceStore, useClass: InMemoryPresenceStore }],
  exports: [PresenceStore],
})
export class PresenceModule {}
