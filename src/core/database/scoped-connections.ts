import type { Pool, PoolClient } from 'pg';
import { APP_ROLE, OrganizationScope, Scope } from './organization-scope';

/** What a pooled connection last told PostgreSQL: the role and scope its session settings hold. */
const APPLIED = Symbol('parley.scope');
type Tracked = PoolClient & { [APPLIED]?: string };

const SCOPED = Symbol('parley.scoped');

/** Whether `pool` was scoped: a pool made beside it (PreparedStatements' generic-plan pool) follows it. */
export function isScoped(pool: Pool): boolean {
  return (pool as Pool & { [SCOPED]?: true })[SCOPED] === true;
}

/** One statement sets the role (first checkout only changes it) and both settings the policies read. */
const APPLY = `SELECT set_config('role', $1, false), set_config('parley.organization_id', $2, false), set_config('parley.system', $3, false)`;

function keyOf(scope: Scope | undefined): [organizationId: string, system: string] {
  return [scope?.organizationId ?? '', scope?.system ? 'on' : ''];
}

/**
 * Makes every connection `pool` hands out act as APP_ROLE in the caller's organization
 * (OrganizationScope): at checkout, a connection whose session holds another scope runs one
 * statement to change it; one that already holds it (every checkout of a one-organization
 * deployment after the first) costs nothing. A checkout outside any scope gets an empty
 * organization: row-level security shows it no rows, never the previous caller's. Installed once
 * migrations ran (they run as the connecting owner).
 */
export function scopeConnections(pool: Pool): void {
  (pool as Pool & { [SCOPED]?: true })[SCOPED] = true;
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const scoped = async (): Promise<PoolClient> => {
    const [organizationId, system] = keyOf(OrganizationScope.current());
    const wanted = `${organizationId}|${system}`;
    const client = (await connect()) as Tracked;
    if (client[APPLIED] === wanted) return client;
    try {
      await client.query(APPLY, [APP_ROLE, organizationId, system]);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    client[APPLIED] = wanted;
    return client;
  };
  // pg's Pool.connect answers a callback (TypeORM, Pool.query) or a promise.
  (pool as unknown as { connect: unknown }).connect = (
    callback?: (error: Error | undefined, client?: PoolClient, done?: (e?: Error) => void) => void,
  ) => {
    const checkout = scoped();
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, (error?: Error) => client.release(error)),
      (error: Error) => callback(error, undefined, () => undefined),
    );
    return undefined;
  };
}
