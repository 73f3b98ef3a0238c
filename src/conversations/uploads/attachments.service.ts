import { Injectable } from '@nestjs/common';
import type { Tx } from '../../core/database/transaction';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { toUploadResponse, UploadResponse } from './dto/upload.response';
import { UploadsCleanup } from './uploads-cleanup.service';
import { UploadsRepository } from './store/uploads.repository';

/** What the messages feature uses of uploads: attach in its send transaction, detach in its delete, read for its views. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly cleanup: UploadsCleanup,
  ) {}

  /**
   * Attaches the sender's own never-attached uploads to a message inside the
   * send's transaction; any other id fails the whole send (400 for an unknown
   * id, 409 for someone else's or an already attached upload).
   */
  async attach(manager: Tx, senderId: string, messageId: string, uploadIds: string[]): Promise<UploadResponse[]> {
    const attached = await this.uploads.attach(manager, senderId, messageId, uploadIds);
    if (attached.length === uploadIds.length) return attached.map(toUploadResponse);
    const existing = await this.uploads.existing(manager, uploadIds);
    const unknown = uploadIds.filter((id) => !existing.has(id));
    if (unknown.length > 0) {
      throw FieldValidationError.of('attachments', `Invalid pk "${unknown[0]}" - object does not exist.`);
    }
    const taken = uploadIds.filter((id) => !attached.some((u) => u.id === id));
    throw new DomainError('attachment_unavailable', `Upload ${taken[0]} is not yours to attach or is already attached.`);
  }

  /** Detaches a message's files inside its delete transaction; pass the answer to `purgeDetached` after commit. */
  detach(manager: Tx, messageId: string): Promise<string[]> {
    return this.uploads.detachFrom(manager, messageId);
  }

  purgeDetached(uploadIds: string[]): Promise<void> {
    return this.cleanup.purge(uploadIds);
  }

  /** Attachments per message id, one query for any number of messages. */
  async ofMessages(messageIds: string[]): Promise<Map<string, UploadResponse[]>> {
    const byMessage = new Map<string, UploadResponse[]>();
    for (const upload of await this.uploads.ofMessages(messageIds)) {
      const list = byMessage.get(upload.messageId!) ?? [];
      list.push(toUploadResponse(upload));
      byMessage.set(upload.messageId!, list);
    }
    return byMessage;
  }
}
