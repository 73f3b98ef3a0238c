import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_IS_OPTIONAL = {
  name: 'class-validator',
  importNames: ['IsOptional'],
  message: 'Use Optional() from common/validation/fields: it refuses null unless the field allows it.',
};
const NO_PROCESS_ENV = { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through AppConfig.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'src/core/database/migrations/*-*.ts', 'web/dist/**', 'clients/js/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-imports': ['error', { paths: [NO_IS_OPTIONAL] }],
      'no-restricted-syntax': ['error', NO_PROCESS_ENV],
    },
  },
  {
    // One policy layer (src/core/policy): the server decides who may do what only through Policy.require/can.
    files: ['src/**/*.ts'],
    ignores: ['src/core/policy/**', 'src/core/errors/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_IS_OPTIONAL],
          patterns: [
            {
              group: ['**/core/errors/domain-error', '**/core/errors/errors'],
              importNames: ['permissionDenied', 'roomAccessDenied', 'bannedError'],
              message: 'Refuse through the policy: Policy.require(actor, permission, target) in src/core/policy (docs/policy.md).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        NO_PROCESS_ENV,
        {
          selector: `BinaryExpression:matches([left.property.name=/^(role|userType)$/][right.value=/^(admin|owner|support)$/], [right.property.name=/^(role|userType)$/][left.value=/^(admin|owner|support)$/])`,
          message: 'A role check belongs in the policy: ask Policy.can/require (src/core/policy) instead of comparing role or userType.',
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
    files: ['bench/**/*.mjs', 'scripts/**/*.mjs'],
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
