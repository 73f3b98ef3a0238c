import { bigintToNumber } from '../../../../core/database/column-transformers';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message } from '../../../messages/store/entities/message.entity';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * A stored file. Uploaded first (`message_id` and `attached_at` null), then
 * attached to one message (both set). When its message is deleted (tombstone,
 * or its room deleted: the foreign key sets null) it is detached with
 * `attached_at` kept, which makes it due for the cleanup job at once; never
 * attached, it is due after UPLOAD_UNATTACHED_TTL.
 */
@Entity('uploads')
@Index('ix_uploads_message', ['messageId', 'position'], { where: `"message_id" IS NOT NULL` })
@Index('ix_uploads_detached', ['createdAt'], { where: `"message_id" IS NULL` })
@Index('ix_uploads_uploader', ['uploaderId'], { where: `"uploader_id" IS NOT NULL` })
export class Upload extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_uploads' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  uploaderId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploader_id', foreignKeyConstraintName: 'fk_uploads_uploader' })
  uploader?: User | null;

  @Column({ type: 'uuid', nullable: true })
  messageId: string | null;

  @ManyToOne(() => Message, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_uploads_message' })
  message?: Message | null;

  /** Order within the message's `attachments`. */
  @Column({ type: 'smallint', nullable: true })
  position: number | null;

  /** Sanitised file name as the uploader named it, ending in the extension of the verified type (download-name.ts). */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Sniffed from the bytes, never taken from the client. */
  @Column({ type: 'varchar', length: 127 })
  contentType: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  size: number;

  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  @Column({ type: 'varchar', length: 255 })
  storageKey: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  thumbnailKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  attachedAt: Date | null;
}
