import { DataSource } from 'typeorm';

/** Any fixed number: the advisory lock that lets one process at a time run migrations. */
const MIGRATION_LOCK = 7_262_021;

/** Pending migrations, one process at a time: several nodes may boot at once against one database. */
export async function runMigrationsLocked(dataSource: DataSource, log: (line: string) => void = () => undefined): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
    log(
      applied.length > 0
        ? `Migrations: applied ${applied.length} (${applied.map((m) => m.name).join(', ')}); ${known.length} in all`
        : `Migrations: none pending; the schema is at ${known.at(-1) ?? '(none)'} (${known.length} in all)`,
    );
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
