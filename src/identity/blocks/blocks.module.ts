import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { BlocksController } from './http/blocks.controller';
import { BlocksRepository } from './store/blocks.repository';
import { BlocksService } from './blocks.service';

@Module({
  imports: [UsersModule],
  controllers: [BlocksController],
  providers: [BlocksRepository, BlocksService],
  exports: [BlocksService],
})
export class BlocksModule {}
