import type { EntityManager } from 'typeorm';

/**
 * A transaction a repository opened (`repo.transaction(async (tx) => ...)`). Services
 * hold it only to hand it back to repository methods, so several writes commit
 * together; they never query through it (ESLint forbids it outside store/).
 */
export type Tx = EntityManager;
