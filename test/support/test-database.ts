import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh database on the run's server, so each test file starts clean: a copy of the
 * run's migrated template (test/setup/global-setup.cjs), or with `{ empty: true }` one
 * without a table, for the specs about migrating.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.PARLEY_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('PARLEY_TEST_ADMIN_URL is not set: run e2e tests through test/jest-e2e.config.js');
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  const template = options.empty ? undefined : process.env.PARLEY_TEST_TEMPLATE;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
