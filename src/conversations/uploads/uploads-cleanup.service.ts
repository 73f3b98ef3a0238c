import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../../core/config/app-config.service';
import { FILE_STORAGE, type FileStorage } from './storage/file-storage';
import { uploadTempDir } from './storage/storage.provider';
import { UploadsRepository } from './store/uploads.repository';
import { OrganizationScope } from '../../core/database/organization-scope';

const BATCH = 100;
const MAX_BATCHES_PER_RUN = 100;
/** A temporary file this old belongs to no upload in progress (a crash or kill mid-upload left it). */
const TEMP_FILE_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * Removes files nobody can reach any more: uploads never attached after
 * UPLOAD_UNATTACHED_TTL, and files of deleted messages (removed right after the
 * delete commits; this job retries any storage failure). Every node runs it on
 * its own timer; rows are claimed with FOR UPDATE SKIP LOCKED, so nodes share
 * the work and never delete the same file twice. A row goes only after its
 * bytes are gone, in the same transaction, so a failed storage call leaves it
 * for the next run.
 */
@Injectable()
export class UploadsCleanup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UploadsCleanup.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly uploads: UploadsRepository,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.config.get('UPLOAD_CLEANUP_INTERVAL') * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over everything due; answers how many uploads were removed. */
  runOnce(): Promise<number> {
    // Unreachable uploads of every organization (system scope): the sweep only deletes.
    this.running ??= OrganizationScope.runAsSystem(() => this.sweep()).finally(() => (this.running = null));
    return this.running;
  }

  /** Removes the given detached uploads now (after a message delete commits); failures wait for the next run. */
  async purge(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.removeBatch(ids).catch((error: Error) => this.logger.warn(`Upload removal postponed: ${error.message}`));
  }

  private async sweep(): Promise<number> {
    let removed = 0;
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i += 1) {
      const n = await this.removeBatch();
      removed += n;
      if (n < BATCH) break;
    }
    if (removed > 0) this.logger.log(`Removed ${removed} unreachable uploads`);
    await this.removeStaleTempFiles();
    return removed;
  }

  /** Each node's own temporary folder: leftovers of uploads interrupted by a crash. */
  private async removeStaleTempFiles(): Promise<void> {
    const dir = uploadTempDir(this.config);
    const names = await readdir(dir).catch(() => [] as string[]);
    const cutoff = Date.now() - TEMP_FILE_MAX_AGE_MS;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
    }
  }

  private removeBatch(ids?: string[]): Promise<number> {
    const cutoff = new Date(Date.now() - this.config.get('UPLOAD_UNATTACHED_TTL') * 1000);
    return this.uploads.transaction(async (manager) => {
      const due = await this.uploads.claimDue(manager, cutoff, BATCH, ids);
      if (due.length === 0) return 0;
      await this.storage.delete(due.flatMap((u) => (u.thumbnailKey ? [u.storageKey, u.thumbnailKey] : [u.storageKey])));
      await this.uploads.deleteRows(
        manager,
        due.map((u) => u.id),
      );
      return due.length;
    });
  }
}
