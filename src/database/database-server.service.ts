import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.service';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';

/**
 * Where the database lives: the server named by DATABASE_URL, or an embedded
 * PostgreSQL kept under DATA_DIR/postgres, started here and stopped on shutdown.
 */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseServer.name);
  private embedded?: EmbeddedPostgresHandle;
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
    this.embedded = await startEmbeddedPostgres({
      dataDir: join(this.config.get('DATA_DIR'), 'postgres'),
      persistent: true,
      log: (line) => this.logger.log(line),
    });
    this.resolvedUrl = this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    // Close the pool before the server goes, whatever order Nest runs hooks in.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
    this.logger.log('Embedded PostgreSQL stopped');
  }
}
