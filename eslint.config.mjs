// Lint and the layering zones (ARCHITECTURE.md names each zone and why it exists).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Engine folders that read and model; they never reach up into rules, explanations or the report. */
const LOWER = ['shared/yaml/**', 'shared/k8s/**', 'shared/instances/**'];
/** What the faces (server, CLI, client) may import from the engine: its entry points only. */
const ENTRY_POINTS = ['shared', 'shared/index', 'shared/editor', 'shared/node', 'shared/node/index', 'shared/report', 'shared/report/index', 'shared/report/protocol'];

const restricted = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.tools/**', 'bench/workspaces/**', 'test-artifacts/**', 'shared/instances/table.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['shared/report/page*.ts', 'test/browser/**', 'scripts/e2e/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      // TypeScript checks names itself (typescript-eslint's advice).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Tests build hostile inputs out of control characters, and match YAML indentation literally.
  { files: ['test/**'], rules: { 'no-control-regex': 'off', 'no-regex-spaces': 'off' } },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/node/**'],
    rules: {
      'no-restricted-imports': restricted([
        { group: ['vscode', 'vscode-*', 'vscode/*'], message: 'The engine is editor-free: vscode* belongs in client/ and server/.' },
        { regex: '^node:', message: 'The engine is pure: file system and process access live in shared/node/.' },
        { group: ['fs', 'path', 'os', 'child_process', 'worker_threads', 'url', 'util'], message: 'The engine is pure: Node modules live in shared/node/.' },
      ]),
    },
  },
  {
    files: LOWER,
    rules: {
      'no-restricted-imports': restricted([
        { regex: '^node:', message: 'The engine is pure: file system and process access live in shared/node/.' },
        { group: ['vscode', 'vscode-*'], message: 'The engine is editor-free.' },
        {
          regex: '(^|/)(model|rules|explain|report|edits|incremental|engine)(/|$)',
          message: 'yaml/, k8s/ and instances/ read input; they never import the model, rules, explanations or the report.',
        },
      ]),
    },
  },
  {
    files: ['shared/report/**/*.ts', 'shared/edits/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        { regex: '^node:', message: 'The engine is pure.' },
        { regex: '(^|/)explain(/|$)', message: 'report/ and edits/ sit beside explain/, not above it: shared pieces live in model/ or text/.' },
      ]),
    },
  },
  // js-yaml is the benchmark's reference parser (bench/measure.mjs): nothing that ships may import it.
  {
    files: ['shared/**/*.ts', 'server/**/*.ts', 'cli/**/*.ts', 'client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['js-yaml', 'js-yaml/*'], message: 'js-yaml is a benchmark reference (a dev dependency of bench/ only): the engine parses with `yaml`.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'cli/**/*.ts', 'client/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted([
        {
          regex: `^(\\.\\./)+shared/(?!(${ENTRY_POINTS.filter((e) => e !== 'shared')
            .map((e) => e.slice('shared/'.length))
            .join('|')})$)`,
          message: 'Faces import the engine only through its entry points: shared (analysis), shared/editor, shared/node, shared/report.',
        },
      ]),
    },
  },
);
