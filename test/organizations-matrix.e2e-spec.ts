import { matrixSuite } from './support/organization-matrix-suite';

/** The cross-organization matrix (docs/organizations.md, "The matrix"), against the application as it runs. */
matrixSuite('Organizations: the cross-organization matrix (e2e)');
