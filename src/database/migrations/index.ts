import { InitialSchema1795398235446 } from './1795398235446-InitialSchema';

/** Every migration, in order. `npm run migration:generate` writes a new file: add it here. */
export const MIGRATIONS: Function[] = [InitialSchema1795398235446];
