import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { rm } from 'node:fs/promises';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AuthUser } from '../../core/auth/auth-user';
import { RoomAccess } from '../rooms/room-access.service';
import { DomainError } from '../../core/errors/domain-error';
import { consumeOrThrottle, createLimiter } from '../../core/throttling/rate-limiter.factory';
import { AppConfig } from '../../core/config/app-config.service';
import { newId } from '../../core/database/uuid';
import { InjectRedis, RedisClient } from '../../core/redis/redis.module';
import { presentationOf } from './presentation';
import { toUploadResponse, UploadResponse } from './dto/upload.response';
import { Upload } from './store/entities/upload.entity';
import { describeImage, ImageFacts, THUMBNAIL_TYPE } from './image-processor';
import { receiveFile } from './multipart-receiver';
import { FILE_STORAGE, type FileStorage, type StoredFile } from './storage/file-storage';
import { uploadTempDir } from './storage/storage.provider';
import { INLINE_IMAGE_TYPES, isAllowedType, sanitizeFileName } from './upload-policy';
import { SniffedType, sniffContentType } from './verification/content-sniffer';
import { isValidMedia } from './verification/media-container';
import { UploadsRepository } from './store/uploads.repository';
import { uploadNotFound } from '../../core/errors/errors';
import { UploadLimitsResponse } from './dto/upload-limits.response';
import { OrganizationSettingsReader } from '../../core/organizations/organization-settings';
import { MAX_ATTACHMENTS } from '../messages/dto/message.dto';

export type Variant = 'content' | 'thumbnail';

/** Receiving files and handing them out to those who may read them. */
@Injectable()
export class UploadsService {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly uploads: UploadsRepository,
    private readonly access: RoomAccess,
    private readonly config: AppConfig,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @InjectRedis() redis: RedisClient,
    private readonly organization: OrganizationSettingsReader,
  ) {
    const [points, duration] = [config.get('UPLOAD_RATE_LIMIT'), config.get('UPLOAD_RATE_WINDOW')];
    this.limiter = createLimiter(redis, config.get('REDIS_KEY_PREFIX'), { keyPrefix: 'uploads', points, duration });
  }

  /** The limits `upload` applies, for clients to state and check before uploading. */
  async limits(): Promise<UploadLimitsResponse> {
    const { maxBytes, allowedTypes } = await this.rules();
    return {
      max_bytes: maxBytes,
      max_files_per_message: MAX_ATTACHMENTS,
      allowed_types: allowedTypes,
      rate_limit: this.config.get('UPLOAD_RATE_LIMIT'),
      rate_window_seconds: this.config.get('UPLOAD_RATE_WINDOW'),
    };
  }

  /**
   * The deployment's size and types, narrowed by the caller's organization (settings.upload_max_bytes and
   * upload_types: an organization may accept less than the deployment, never more).
   */
  private async rules(): Promise<{ maxBytes: number; allowedTypes: string[]; accepts: (contentType: string) => boolean }> {
    const own = await this.organization.current();
    const deploymentTypes = this.config.get('UPLOAD_ALLOWED_TYPES');
    const ownTypes = own.upload_types?.map((t) => t.toLowerCase());
    const maxBytes = this.config.get('UPLOAD_MAX_BYTES');
    return {
      maxBytes: Math.min(maxBytes, own.upload_max_bytes ?? maxBytes),
      allowedTypes: ownTypes ?? deploymentTypes,
      accepts: (contentType) => isAllowedType(contentType, deploymentTypes) && (!ownTypes || isAllowedType(contentType, ownTypes)),
    };
  }

  /** Streams the file to a temporary file, sniffs and checks it, describes images, then moves it into storage. */
  async upload(user: AuthUser, req: Request): Promise<UploadResponse> {
    await consumeOrThrottle(this.limiter, user.id);
    const rules = await this.rules();
    const received = await receiveFile(req, rules.maxBytes, uploadTempDir(this.config));
    const id = newId();
    let thumbnailKey: string | null = null;
    try {
      const { contentType, extension } = await this.verifiedType(received.tempPath, rules.accepts);
      const image: ImageFacts | null = INLINE_IMAGE_TYPES.has(contentType) ? await describeImage(received.tempPath) : null;
      if (image) {
        thumbnailKey = `${id}-thumb`;
        await this.storage.putBuffer(thumbnailKey, image.thumbnail, THUMBNAIL_TYPE);
      }
      await this.storage.putFile(id, received.tempPath, contentType);
      const upload = Object.assign(new Upload(), {
        id,
        uploaderId: user.id,
        messageId: null,
        position: null,
        name: sanitizeFileName(received.fileName, extension),
        contentType,
        size: received.size,
        width: image?.width ?? null,
        height: image?.height ?? null,
        storageKey: id,
        thumbnailKey,
        attachedAt: null,
      });
      return toUploadResponse(await this.uploads.insert(upload));
    } catch (error) {
      await Promise.all([
        rm(received.tempPath, { force: true }),
        this.storage.delete(thumbnailKey ? [id, thumbnailKey] : [id]).catch(() => undefined),
      ]);
      throw error;
    }
  }

  /**
   * The type from the bytes (executables refused), if it is allowed, and only if
   * the file is what it claims: audio and video must parse as such; images are
   * decoded afterwards (describeImage).
   */
  private async verifiedType(path: string, accepts: (contentType: string) => boolean): Promise<SniffedType> {
    const sniffed = await sniffContentType(path);
    const { contentType } = sniffed;
    if (!accepts(contentType)) {
      throw new DomainError('unsupported_media_type', `Files of type ${contentType} are not accepted.`);
    }
    if (/^(audio|video)\//.test(contentType) && !(await isValidMedia(path, contentType))) {
      throw new DomainError('unsupported_media_type', `The file is not valid ${contentType}.`);
    }
    return sniffed;
  }

  async get(user: AuthUser, id: string): Promise<UploadResponse> {
    return toUploadResponse(await this.readable(user, id));
  }

  /** The file or its thumbnail, for readers of the room it is attached to (or its uploader before that). */
  async download(user: AuthUser, id: string, variant: Variant): Promise<{ file: StoredFile; contentType: string; disposition: string }> {
    const upload = await this.readable(user, id);
    const key = variant === 'content' ? upload.storageKey : upload.thumbnailKey;
    if (!key) throw uploadNotFound();
    const presentation =
      variant === 'content' ? presentationOf(upload.name, upload.contentType) : presentationOf(`${upload.name}.thumbnail.webp`, THUMBNAIL_TYPE);
    return { file: await this.storage.open(key, presentation), ...presentation };
  }

  private async readable(user: AuthUser, id: string): Promise<Upload> {
    const found = await this.uploads.locate(id);
    if (!found || found.messageDeleted) throw uploadNotFound();
    const { upload, roomId } = found;
    if (roomId) {
      await this.access.require(user, roomId, 'room.read');
      return upload;
    }
    // Not attached (yet, or any more): only its uploader knows it exists.
    if (upload.uploaderId !== user.id || upload.attachedAt) throw uploadNotFound();
    return upload;
  }
}
