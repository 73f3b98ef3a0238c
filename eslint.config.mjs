import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IS_OPTIONAL_MESSAGE = 'Use Optional() from common/validation/fields: it refuses null unless the field allows it.';
const PROCESS_ENV = { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through AppConfig.' };
const NO_SQL_MESSAGE = "Queries live in the feature's store/ repositories: call a named repository method (pass it the transaction's Tx).";

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'src/core/database/migrations/*-*.ts', 'web/dist/**', 'clients/js/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message: IS_OPTIONAL_MESSAGE,
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', PROCESS_ENV],
    },
  },
  {
    // One home for SQL (ARCHITECTURE.md): outside a feature's store/ no code reaches the database itself.
    // A service opens a transaction through a repository (`repo.transaction(async (tx) => ...)`) and hands
    // the `Tx` back to repository methods; the statements and every TypeORM call stay in store/.
    files: ['src/{identity,conversations,platform,operations}/**/*.ts', 'src/core/audit/**/*.ts'],
    ignores: ['src/**/store/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'class-validator', importNames: ['IsOptional'], message: IS_OPTIONAL_MESSAGE },
            {
              name: 'typeorm',
              importNames: ['DataSource', 'EntityManager', 'QueryRunner', 'Repository', 'SelectQueryBuilder'],
              message: NO_SQL_MESSAGE,
            },
            { name: '@nestjs/typeorm', importNames: ['InjectDataSource', 'InjectEntityManager', 'InjectRepository'], message: NO_SQL_MESSAGE },
            { name: 'pg', message: NO_SQL_MESSAGE },
            { name: 'pg-cursor', message: NO_SQL_MESSAGE },
          ],
          patterns: [
            {
              group: ['**/core/database/query-rows', '**/core/database/prepared-statements'],
              importNames: ['queryRows', 'PreparedStatements'],
              message: NO_SQL_MESSAGE,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        PROCESS_ENV,
        {
          selector: 'CallExpression[callee.property.name=/^(query|createQueryBuilder|createQueryRunner|getRepository|getTreeRepository)$/]',
          message: NO_SQL_MESSAGE,
        },
        {
          selector:
            'CallExpression[callee.object.name=/^(manager|entityManager|tx|dataSource)$/], CallExpression[callee.object.property.name=/^(manager|dataSource)$/]',
          message: NO_SQL_MESSAGE,
        },
      ],
    },
  },
  {
    // Bootstrap, the CLI data source and tests may read the environment directly.
    files: [
      'src/main.ts',
      'src/core/database/migrate.ts',
      'ormconfig.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'clients/js/test/**/*.ts',
      'web/vite.config.ts',
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
);
