import { defineConfig } from 'vitest/config'
import { rendererPlugins } from './src-renderer/vite.config.ts'

// Node is the default environment (shared, hub and e2e tests); component tests opt in per file with
// `// @vitest-environment happy-dom`.
export default defineConfig({
  plugins: rendererPlugins(),
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
