import { Module } from '@nestjs/common';
import { MessageStoreModule } from '../messages/message-store.module';
import { SearchController } from './http/search.controller';
import { SearchRepository } from './store/search.repository';
import { SearchService } from './search.service';

@Module({
  imports: [MessageStoreModule],
  controllers: [SearchController],
  providers: [SearchService, SearchRepository],
})
export class SearchModule {}
