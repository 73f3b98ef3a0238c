import { Injectable } from '@nestjs/common';
import { AttachmentsService } from '../uploads/attachments.service';
import type { UploadResponse } from '../uploads/dto/upload.response';
import { Message } from './store/entities/message.entity';
import { MessageLog, NewMessage } from './store/message-log';
import { MessagesRepository } from './store/messages.repository';

/**
 * Sends that carry files. They take the batched path's statement (same checks, same
 * seq rules) inside their own transaction, with the uploads attached in it: both
 * happen or neither. A message the statement skips attaches nothing and answers
 * null, as MessageWriter does, so the caller finds out why the same way.
 */
@Injectable()
export class AttachedMessageWriter {
  constructor(
    private readonly log: MessageLog,
    private readonly messages: MessagesRepository,
    private readonly attachments: AttachmentsService,
  ) {}

  async write(input: NewMessage & { senderId: string }, uploadIds: string[]): Promise<[Message | null, UploadResponse[]]> {
    return this.messages.transaction(async (manager): Promise<[Message | null, UploadResponse[]]> => {
      const [saved] = await this.log.appendBatch([input], manager);
      if (!saved) return [null, []];
      return [saved, await this.attachments.attach(manager, input.senderId, saved.id, uploadIds)];
    });
  }
}
