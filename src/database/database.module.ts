import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.service';
import { DatabaseServer } from './database-server.service';
import { dataSourceOptions } from './data-source-options';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';

/** Any fixed number: the advisory lock that lets one node at a time run migrations. */
const MIGRATION_LOCK = 7_262_021;

/** Pending migrations, one node at a time: several nodes may boot at once against one database. */
async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

@Module({
  providers: [
    {
      provide: DatabaseServer,
      inject: [AppConfig, ModuleRef],
      useFactory: async (config: AppConfig, moduleRef: ModuleRef) => {
        const server = new DatabaseServer(config, moduleRef);
        await server.start();
        return server;
      },
    },
  ],
  exports: [DatabaseServer],
})
class DatabaseServerModule {}

/** TypeORM on the resolved server; pending migrations run at boot (under an advisory lock). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [DatabaseServer],
      useFactory: (server: DatabaseServer) => dataSourceOptions(server.url),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrationsLocked(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
