import { OrganizationScope } from './organization-scope';
import type { Tx } from './transaction';

/** Transaction-local (is_local): PostgreSQL puts the session's own values back at commit or rollback. */
const ACT_IN = `SELECT set_config('parley.organization_id', $1, true), set_config('parley.system', $2, true)`;

/**
 * Runs `work` with the statements of `tx` acting in `organizationId` (row-level security shows and
 * accepts that organization's rows only, never system scope), then back in the scope the transaction
 * began in. The settings are transaction-local, so whatever happens the pooled connection ends the
 * transaction in the scope its checkout set (scoped-connections.ts). For a change that must be
 * written in two organizations at once: an operator's action audited in the organization it
 * reached and in their own (docs/organizations.md). A failure inside `work` must end the
 * transaction (it is not switched back).
 */
export async function actInOrganization<T>(tx: Tx, organizationId: string, work: () => Promise<T>): Promise<T> {
  await tx.query(ACT_IN, [organizationId, '']);
  const result = await work();
  const scope = OrganizationScope.current();
  await tx.query(ACT_IN, [scope?.organizationId ?? '', scope?.system ? 'on' : '']);
  return result;
}
