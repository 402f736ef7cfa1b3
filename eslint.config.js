import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', 'dist/', 'build/', 'coverage/', '.local/', '**/src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['scripts/**', '**/*.config.js', 'jest.config.base.js', 'bench/**', 'packages/local-stack/**'],
    languageOptions: { globals: { performance: 'readonly', structuredClone: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/tests/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
