import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_IS_OPTIONAL = {
  name: 'class-validator',
  importNames: ['IsOptional'],
  message: 'Use Optional() from common/validation/fields: it refuses null unless the field allows it.',
};
const NO_PROCESS_ENV = { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through AppConfig.' };

// One policy layer (src/core/policy): the server decides who may do what only through Policy.require/can.
const POLICY_MESSAGE = 'Refuse through the policy: Policy.require(actor, permission, target) in src/core/policy (docs/policy.md).';
const POLICY_IMPORTS = [
  {
    group: ['**/core/errors/domain-error', '**/core/errors/errors'],
    importNames: ['permissionDenied', 'roomAccessDenied', 'bannedError'],
    message: POLICY_MESSAGE,
  },
];
const POLICY_SYNTAX = [
  {
    selector: `BinaryExpression:matches([left.property.name=/^(role|userType)$/][right.value=/^(admin|owner|support)$/], [right.property.name=/^(role|userType)$/][left.value=/^(admin|owner|support)$/])`,
    message: 'A role check belongs in the policy: ask Policy.can/require (src/core/policy) instead of comparing role or userType.',
  },
];

// One home for SQL (ARCHITECTURE.md): outside a feature's store/ no code reaches the database itself.
// A service opens a transaction through a repository (`repo.transaction(async (tx) => ...)`) and hands
// the `Tx` back to repository methods; the statements and every TypeORM call stay in store/.
const NO_SQL_MESSAGE = "Queries live in the feature's store/ repositories: call a named repository method (pass it the transaction's Tx).";
const SQL_PATHS = [
  { name: 'typeorm', importNames: ['DataSource', 'EntityManager', 'QueryRunner', 'Repository', 'SelectQueryBuilder'], message: NO_SQL_MESSAGE },
  { name: '@nestjs/typeorm', importNames: ['InjectDataSource', 'InjectEntityManager', 'InjectRepository'], message: NO_SQL_MESSAGE },
  { name: 'pg', message: NO_SQL_MESSAGE },
  { name: 'pg-cursor', message: NO_SQL_MESSAGE },
];
const SQL_IMPORTS = [
  {
    group: ['**/core/database/query-rows', '**/core/database/prepared-statements'],
    importNames: ['queryRows', 'PreparedStatements'],
    message: NO_SQL_MESSAGE,
  },
];
const SQL_SYNTAX = [
  {
    selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|createQueryRunner|getRepository|getTreeRepository)$/]',
    message: NO_SQL_MESSAGE,
  },
  {
    selector:
      'CallExpression[callee.object.name=/^(manager|entityManager|tx|dataSource)$/], CallExpression[callee.object.property.name=/^(manager|dataSource)$/]',
    message: NO_SQL_MESSAGE,
  },
];

/** ESLint's flat config lets the last matching block set a rule: each block states every restriction its files keep. */
const restrict = ({ paths = [], patterns = [], syntax = [] }) => ({
  'no-restricted-imports': ['error', { paths: [NO_IS_OPTIONAL, ...paths], patterns }],
  'no-restricted-syntax': ['error', NO_PROCESS_ENV, ...syntax],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'src/core/database/migrations/*-*.ts',
      'web/dist/**',
      'clients/js/dist/**',
      'clients/react/example/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      ...restrict({}),
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/policy/**', 'src/core/errors/**', 'src/**/*.spec.ts'],
    rules: restrict({ patterns: POLICY_IMPORTS, syntax: POLICY_SYNTAX }),
  },
  {
    files: ['src/{identity,conversations,platform,operations}/**/*.ts', 'src/core/audit/**/*.ts'],
    ignores: ['src/**/store/**', 'src/**/*.spec.ts'],
    rules: restrict({ paths: SQL_PATHS, patterns: [...POLICY_IMPORTS, ...SQL_IMPORTS], syntax: [...POLICY_SYNTAX, ...SQL_SYNTAX] }),
  },
  {
    // Bootstrap, the CLI data source and tests may read the environment directly.
    files: [
      'src/main.ts',
      'src/core/database/migrate.ts',
      'src/operations/tracing/preload.ts',
      'ormconfig.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'clients/js/test/**/*.ts',
      'web/vite.config.ts',
      'clients/react/example/vite.config.ts',
      'web/test/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The benchmark harness: plain ES modules run by Node.
    files: ['bench/**/*.mjs', 'scripts/**/*.mjs', 'test/support/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs', '*.js', 'test/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        globalThis: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Classic scripts the web app's index.html loads as they are (not bundled), e.g. the theme before the first paint.
    files: ['web/public/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly' } },
  },
);
