/**
 * The house rules (ARCHITECTURE.md): imports point down the layers
 * core < identity < conversations < platform < operations, and inside a feature
 * down its tiers: edges (http/, realtime/) < the feature's services, rules and
 * views < store/. `npm run lint` runs this check (`npm run lint:arch`).
 * Only the composition root (src/main.ts, app.module.ts, app.factory.ts and the
 * entity registry src/entities.ts) sees every layer.
 */
const FEATURE_LAYERS = '(identity|conversations|platform|operations|core/audit)';
const ROOT = '^src/[^/]+\\.ts$';
/** The one documented registry: TypeORM's data source options load every entity from src/entities.ts. */
const REGISTRY_USERS = ['^src/core/database/data-source-options\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle means two files cannot be understood apart.', from: {}, to: { circular: true } },
    {
      name: 'core-stays-down',
      severity: 'error',
      comment: 'core/ is what every feature stands on; it imports no feature layer.',
      from: { path: '^src/core/' },
      to: { path: '^src/(identity|conversations|platform|operations)/' },
    },
    {
      name: 'identity-stays-down',
      severity: 'error',
      comment: 'identity/ (users, auth, blocks, presence) stands below conversations.',
      from: { path: '^src/identity/' },
      to: { path: '^src/(conversations|platform|operations)/' },
    },
    {
      name: 'conversations-stay-down',
      severity: 'error',
      comment: 'conversations/ knows nothing of the platform (API keys, server API, webhooks) or operations.',
      from: { path: '^src/conversations/' },
      to: { path: '^src/(platform|operations)/' },
    },
    {
      name: 'platform-stays-down',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/operations/' },
    },
    {
      name: 'root-is-the-top',
      severity: 'error',
      comment: 'Only the composition root assembles the layers; no layer imports it.',
      from: { path: '^src/.+/', pathNot: REGISTRY_USERS },
      to: { path: ROOT },
    },
    {
      name: 'store-stays-down',
      severity: 'error',
      comment: "A feature's store/ (repositories, entities, statements) imports only core and other stores.",
      from: { path: `^src/${FEATURE_LAYERS}/[^/]+/store/` },
      to: { path: `^src/${FEATURE_LAYERS}/[^/]+/`, pathNot: `^src/${FEATURE_LAYERS}/[^/]+/store/` },
    },
    {
      name: 'edges-on-top',
      severity: 'error',
      comment: 'Controllers (http/) and the socket gateway (conversations/realtime) are edges: nothing below imports them.',
      from: { path: '^src/', pathNot: [ROOT, '\\.module\\.ts$', '/http/', '^src/conversations/realtime/'] },
      to: { path: [`^src/${FEATURE_LAYERS}/[^/]+/http/`, '^src/conversations/realtime/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$', '^src/core/database/migrations/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
