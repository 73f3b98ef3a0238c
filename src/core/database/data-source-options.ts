import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { ENTITIES } from '../../entities';
import { MIGRATIONS } from './migrations';
import { PG_TYPES } from './pg-types';

/** Connections per node (DATABASE_POOL_SIZE). */
export const DEFAULT_POOL_SIZE = 20;

/**
 * The one set of TypeORM options shared by the app, the TypeORM CLI
 * (ormconfig.ts) and the tests. `synchronize` is never on: migrations are the
 * schema's truth.
 */
export function dataSourceOptions(url: string, poolSize = DEFAULT_POOL_SIZE): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // A fixed-size pool: connections are opened as load needs them and then kept
    // (`min` = `max`, so none is closed for idling). Opening one costs PostgreSQL a
    // backend process and Parley a re-prepare of its hot statements, so a pool that
    // shrank in a lull paid both in the next burst's latency. TCP keepalive finds
    // a connection dropped by the network while idle.
    // PG_TYPES: pg's type parsers with a faster timestamptz reader (a history page has 100 timestamps).
    extra: { max: poolSize, min: poolSize, keepAlive: true, application_name: 'parley', types: PG_TYPES },
  };
}
