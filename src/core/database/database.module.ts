import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.service';
import { DatabaseServer } from './database-server.service';
import { dataSourceOptions } from './data-source-options';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { runMigrationsLocked } from './run-migrations';
import { PreparedStatements } from './prepared-statements';
import { ReadReplicas } from './read-replicas';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor';
import { handleConnectionErrors } from './connection-errors';
import type { Pool } from 'pg';
import { scopeConnections } from './scoped-connections';
import { OrganizationChecks } from './organization-scope';

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

/** TypeORM on the resolved server; pending migrations run at boot (under an advisory lock), then connections are scoped. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [DatabaseServer, AppConfig],
      useFactory: (server: DatabaseServer, config: AppConfig) => {
        // A test-only switch: the application's own organization checks off, row-level security alone (docs/organizations.md).
        OrganizationChecks.on = !(config.get('NODE_ENV') === 'test' && config.get('TEST_ORGANIZATION_CHECKS_OFF'));
        return dataSourceOptions(server.url, config.get('DATABASE_POOL_SIZE'));
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        handleConnectionErrors((dataSource.driver as unknown as { master: Pool }).master, (m) => dataSource.logger.log('warn', m), { primary: true });
        await runMigrationsLocked(dataSource, (line) => new Logger('Database').log(line));
        // From here on the app acts as the application role, in the caller's organization (docs/organizations.md).
        scopeConnections((dataSource.driver as unknown as { master: Pool }).master);
        return dataSource;
      },
    }),
  ],
  // ReadYourWritesInterceptor is made global by the composition root only with replicas (app.factory.ts).
  providers: [PreparedStatements, ReadReplicas, ReadYourWritesInterceptor],
  exports: [PreparedStatements, ReadReplicas, ReadYourWritesInterceptor],
})
export class DatabaseModule {}
