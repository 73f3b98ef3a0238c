import { matrixSuite } from './support/organization-matrix-suite';

/**
 * The same matrix with the application's own organization checks switched off (TEST_ORGANIZATION_CHECKS_OFF,
 * honoured only when NODE_ENV=test): every organization's admin passes the policy's organization rules, and
 * still no request sees or changes the other organization's rows. Row-level security alone keeps them apart.
 */
matrixSuite('Organizations: the matrix with row-level security alone (e2e)', { TEST_ORGANIZATION_CHECKS_OFF: 'true' });
