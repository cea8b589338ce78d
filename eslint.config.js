// ESLint (flat config). Prettier owns formatting; this file owns correctness and the layers.
//
// The layers (docs/design.md): imports point one way, renderer/main -> shared.
// - src-shared: pure TypeScript, shared by the hub, the shells and the renderer. It imports only zod and
//   libphonenumber-js, and its own files: no Node built-in, no Vue, no Electron, no IO library.
// - src-renderer: the browser app. It never imports src-main.
// - src-main/hub: the plain Node hub. It never imports electron or a kiosk shell.
// - src-main/electron and src-main/chromium-shell: the two kiosk shells. Neither imports the other; both
//   use the self-service session core beside them.
// - src-main/printer-state: the ticket printer's state from CUPS, for both shells; plain Node, like the
//   session core.
import js from '@eslint/js'
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]

/** Paths that may never appear in an import from the folder the rule is for. */
const forbid = (group, message) => ({ group, message })

const sharedMayImport = {
  patterns: [
    // Everything that is not relative, zod or libphonenumber-js is out of the shared layer.
    {
      regex: '^(?!\\.{1,2}/|zod(/|$)|libphonenumber-js(/|$))',
      message:
        'src-shared imports only zod, libphonenumber-js and its own files (no IO, DOM, Vue or Electron).',
    },
    forbid(
      [
        '**/src-main',
        '**/src-main/**',
        '**/src-renderer',
        '**/src-renderer/**',
        '**/tests/**',
        '**/bench/**',
      ],
      'src-shared is the lowest layer: it never imports src-main, src-renderer, tests or bench.',
    ),
  ],
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'src-shared runs in the browser too: no Node built-ins.',
  })),
}

const rendererMayImport = {
  patterns: [
    forbid(
      ['**/src-main', '**/src-main/**'],
      'src-renderer never imports src-main (it talks to the hub over HTTP and Socket.IO).',
    ),
    forbid(
      ['electron', 'electron/*'],
      'src-renderer runs in a browser: the shell is reached through window.kezek.',
    ),
  ],
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'src-renderer runs in a browser: no Node built-ins.',
  })),
}

const hubMayImport = {
  patterns: [
    forbid(['electron', 'electron/*'], 'The hub is a plain Node service: it never imports electron.'),
    forbid(
      [
        '**/electron',
        '**/electron/**',
        '**/chromium-shell',
        '**/chromium-shell/**',
        '**/self-service-session',
        '**/self-service-session/**',
        '**/printer-state',
        '**/printer-state/**',
        'playwright-core',
        'playwright-core/*',
      ],
      'The hub never imports a kiosk shell or its session core.',
    ),
    forbid(
      ['**/src-renderer', '**/src-renderer/**'],
      'The hub never imports the renderer: it serves its build.',
    ),
  ],
}

const shellMayImport = (other) => ({
  patterns: [
    forbid(
      [`**/${other}/**`, `../${other}/*`],
      `The two kiosk shells never import each other: share code through the session core.`,
    ),
    forbid(
      ['**/src-renderer', '**/src-renderer/**'],
      'A shell never imports the renderer: it loads the hub-served faces.',
    ),
    forbid(['**/hub/**'], 'A shell talks to the hub over HTTP and Socket.IO, not through its code.'),
  ],
})

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'data/',
      'test-results/',
      'coverage/',
      'bench/results/',
      '.kezek-data/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  comments.recommended,
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // A disable comment says why (`// eslint-disable-next-line rule -- reason`).
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/disable-enable-pair': ['error', { allowWholeFile: true }],
      // A swallowed error is a silent bug: an empty catch needs at least a comment saying why.
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    // The renderer's own build config runs in Node, not in the browser.
    ignores: ['src-renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: ['src-shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', sharedMayImport] } },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    ignores: ['src-renderer/vite.config.ts'],
    rules: { 'no-restricted-imports': ['error', rendererMayImport] },
  },
  { files: ['src-main/hub/**/*.ts'], rules: { 'no-restricted-imports': ['error', hubMayImport] } },
  {
    files: ['src-main/self-service-session/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              [
                'electron',
                'electron/*',
                'playwright-core',
                'playwright-core/*',
                '**/electron/**',
                '**/chromium-shell/**',
              ],
              'The session core knows no browser API: each shell adapts it (browser-port.ts).',
            ),
            forbid(
              ['**/hub/**', '**/src-renderer/**'],
              'The session core talks to the hub over HTTP, not through its code.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/printer-state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(
              [
                'electron',
                'electron/*',
                'playwright-core',
                'playwright-core/*',
                '**/electron/**',
                '**/chromium-shell/**',
              ],
              'The printer state is plain Node (lpstat): each shell carries it to its page.',
            ),
            forbid(
              ['**/hub/**', '**/src-renderer/**'],
              'The printer state reaches the hub through the kiosk page, not through its code.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', shellMayImport('chromium-shell')] },
  },
  {
    files: ['src-main/chromium-shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', shellMayImport('electron')] },
  },
  {
    // The Vue tooling and test doubles: looser rules where they are the norm.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
)
