import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering of ARCHITECTURE.md as import rules: each entry names files and the relative imports
 * they may not make. A wrong-way import fails `npm run lint` (and so CI) with the reason.
 */
const AGENT = {
  regex: String.raw`^(\.\./)+(app|main|console)\.js$|^(\.\./)+server/`,
  message: 'agent/ gets an App passed in: it never imports the composition root or the server.',
};
const LAYERS = [
  { files: ['src/agent/**/*.ts'], patterns: [AGENT] },
  {
    files: ['src/conversation/**/*.ts'],
    patterns: [
      {
        regex: String.raw`^\.\./`,
        message: 'conversation/ is pure domain: it imports nothing from the other layers.',
      },
    ],
  },
  // Flat config lets the last matching entry set a rule: a folder inside agent/ repeats agent/'s.
  {
    files: ['src/agent/understanding/**/*.ts'],
    patterns: [
      AGENT,
      {
        regex: String.raw`^\.\./(?!\.\./conversation/)`,
        message:
          'understanding/ sits below tools, session, abuse and the brain: only conversation/ is below it.',
      },
    ],
  },
  {
    files: ['src/agent/session/**/*.ts'],
    patterns: [
      AGENT,
      {
        regex: String.raw`^\.\./(brain|tools|voice)/|^\.\./(session_setup|sarah_agent|conversation|worker|llm_factory)\.js$`,
        message:
          'session/ holds the dialogue state; the brain, tools and doors build on it, not the other way.',
      },
    ],
  },
  {
    files: [
      'src/services/**/*.ts',
      'src/resilience/**/*.ts',
      'src/store/**/*.ts',
      'src/observability/**/*.ts',
      'src/privacy/**/*.ts',
    ],
    patterns: [
      {
        regex: String.raw`^(\.\./)+(agent|server)/|^(\.\./)+(app|main|console|voice_worker)\.js$`,
        message:
          'services, resilience, store, observability and privacy never import agent/, server/ or the composition root.',
      },
    ],
  },
  {
    files: ['src/config.ts', 'src/trust_proxy_setting.ts'],
    patterns: [
      {
        regex: String.raw`^\./(agent|server)/|^\./(app|main|console|voice_worker)\.js$`,
        message: 'config.ts imports no layer above it.',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'web/dist', 'data', 'bench/results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...LAYERS.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
);
