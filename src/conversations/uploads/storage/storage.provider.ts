import { Provider } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { AppConfig } from '../../../core/config/app-config.service';
import { FILE_STORAGE, type FileStorage } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';
import { S3Storage } from './s3.storage';

/** Where finished uploads wait before they move into storage (and partial ones are discarded). */
export const uploadTempDir = (config: AppConfig) => join(resolve(config.get('DATA_DIR')), 'uploads-tmp');

/** S3 when S3_BUCKET is set, else the local disk under DATA_DIR/uploads. */
export const fileStorageProvider: Provider = {
  provide: FILE_STORAGE,
  inject: [AppConfig],
  useFactory: (config: AppConfig): FileStorage => {
    const bucket = config.get('S3_BUCKET');
    if (!bucket) return new LocalDiskStorage(join(resolve(config.get('DATA_DIR')), 'uploads'));
    return new S3Storage({
      bucket,
      endpoint: config.get('S3_ENDPOINT'),
      region: config.get('S3_REGION'),
      accessKeyId: config.get('S3_ACCESS_KEY_ID'),
      secretAccessKey: config.get('S3_SECRET_ACCESS_KEY'),
      forcePathStyle: config.get('S3_FORCE_PATH_STYLE'),
      urlTtl: config.get('UPLOAD_URL_TTL'),
    });
  },
};
