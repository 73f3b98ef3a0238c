import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { FileStorage, Presentation, StoredFile } from './file-storage';

const DELETE_CONCURRENCY = 8;

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /** Seconds a presigned GET URL stays valid. */
  urlTtl: number;
}

/**
 * S3-compatible storage. Downloads are redirects to presigned GET URLs that
 * expire quickly and force the type and disposition Parley decided, so the
 * bucket never serves a file as something else.
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    const { endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = settings;
    this.client = new S3Client({
      region,
      endpoint,
      forcePathStyle,
      // Checksums only where S3 requires them: S3-compatible servers often refuse the SDK's chunked trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Without keys the SDK's default chain applies (instance roles, AWS_* variables).
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
  }

  async putFile(key: string, tempPath: string, contentType: string): Promise<void> {
    const { size } = await stat(tempPath);
    const body = createReadStream(tempPath);
    try {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: body, ContentLength: size, ContentType: contentType }),
      );
    } finally {
      body.destroy();
      await rm(tempPath, { force: true });
    }
  }

  async putBuffer(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async open(key: string, presentation: Presentation): Promise<StoredFile> {
    const command = new GetObjectCommand({
      Bucket: this.settings.bucket,
      Key: key,
      ResponseContentType: presentation.contentType,
      ResponseContentDisposition: presentation.disposition,
      ResponseCacheControl: 'private, max-age=300',
    });
    return { kind: 'redirect', url: await getSignedUrl(this.client, command, { expiresIn: this.settings.urlTtl }) };
  }

  /**
   * One DeleteObject per key, a few at a time: multi-object delete is missing from
   * several S3-compatible stores (Google Cloud Storage's XML API, s3rver), and a
   * missing key is not an error for DeleteObject.
   */
  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
      await Promise.all(
        keys.slice(i, i + DELETE_CONCURRENCY).map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key }))),
      );
    }
  }
}
