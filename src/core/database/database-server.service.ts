import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.service';
import { acquireDataDirLock, DataDirLock } from './data-dir-lock';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';

/**
 * Where the database lives: the server named by DATABASE_URL, or an embedded
 * PostgreSQL kept under DATA_DIR/postgres, started here and stopped on shutdown.
 */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseServer.name);
  private embedded?: EmbeddedPostgresHandle;
  private lock?: DataDirLock;
  private resolvedUrl?: string;

  constructor(
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  get url(): string {
    if (!this.resolvedUrl) throw new Error('DatabaseServer.start() has not run');
    return this.resolvedUrl;
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async start(): Promise<void> {
    const external = this.config.get('DATABASE_URL');
    if (external) {
      this.resolvedUrl = external;
      return;
    }
    // One Parley per data folder: a second one would die inside PostgreSQL's start with no useful message.
    this.lock = acquireDataDirLock(this.config.get('DATA_DIR'), (line) => this.logger.warn(line));
    try {
      this.embedded = await startEmbeddedPostgres({
        dataDir: join(this.config.get('DATA_DIR'), 'postgres'),
        persistent: true,
        detached: true,
        log: (line) => this.logger.log(line),
      });
    } catch (error) {
      this.lock.release();
      throw error;
    }
    this.resolvedUrl = this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    // Close the pool before the server goes, whatever order Nest runs hooks in.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) {
      await dataSource.destroy();
      this.logger.log('Database pool closed');
    }
    await this.embedded.stop();
    this.logger.log('Embedded PostgreSQL stopped');
    this.lock?.release();
    this.logger.log(`Released the data folder lock ${this.lock?.file}`);
  }
}
