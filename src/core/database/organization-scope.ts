import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The default organization: made by the Organizations migration, it holds every row of a
 * database from before organizations and every row of a deployment that never makes another.
 * A fixed id, so configuration, tests and documentation can name it.
 */
export const DEFAULT_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';
export const DEFAULT_ORGANIZATION_SLUG = 'default';

/**
 * The application's own organization checks: the policy's rules on which organization an admin may read
 * and change (`organizations.operate`, `organizations.manage`). Nothing else in the code filters by
 * organization; row-level security does. `TEST_ORGANIZATION_CHECKS_OFF=true` (honoured only when
 * NODE_ENV=test) turns them off, so test/organizations-matrix-rls.e2e-spec.ts shows that row-level
 * security alone keeps the organizations apart.
 */
export const OrganizationChecks = { on: true };

/** The role the application's connections act as (SET ROLE): no BYPASSRLS, owns no table (docs/organizations.md). */
export const APP_ROLE = 'parley_app';

/**
 * What a connection may see: one organization's rows, or every organization's (`system`, for
 * the workers that drain outboxes and sweep across organizations). Neither: nothing at all.
 */
export interface Scope {
  organizationId: string | null;
  system: boolean;
}

/** Mutable so that a guard can set the organization of a request it did not start (see `enter`). */
interface Holder {
  scope: Scope;
}

const storage = new AsyncLocalStorage<Holder>();

/**
 * The organization of the work in progress, carried by AsyncLocalStorage. The connection pools
 * (scoped-connections.ts) read it at every checkout and hand PostgreSQL the same value, so row-level
 * security decides what a statement sees; code never adds organization filters of its own.
 */
export const OrganizationScope = {
  /** Runs `work` in one organization. */
  run<T>(organizationId: string, work: () => T): T {
    return storage.run({ scope: { organizationId, system: false } }, work);
  },

  /** Runs `work` in a caller's organization (a socket's user, a batched send's sender). */
  runFor<T>(caller: { organizationId?: string }, work: () => T): T {
    return OrganizationScope.run(caller.organizationId ?? DEFAULT_ORGANIZATION_ID, work);
  },

  /** Runs `work` across every organization: only for workers that need it (outbox drains, sweeps). */
  runAsSystem<T>(work: () => T): T {
    return storage.run({ scope: { organizationId: null, system: true } }, work);
  },

  /** Switches the surrounding scope (begun by `run`) to an organization: the auth guards, once the caller is known. */
  enter(organizationId: string): void {
    const holder = storage.getStore();
    if (holder) holder.scope = { organizationId, system: false };
  },

  current(): Scope | undefined {
    return storage.getStore()?.scope;
  },

  /** The current organization, or undefined outside one (system scope included). */
  organizationId(): string | undefined {
    return storage.getStore()?.scope.organizationId ?? undefined;
  },
};
