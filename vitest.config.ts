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
    // expect.poll waits for a condition; its default of 1 s is shorter than a browser navigation or a
    // child process takes on a loaded 2-core machine (a Chromium-shell test failed so under CI load).
    // A poll ends as soon as its condition holds, so a long limit costs a passing test nothing.
    expect: { poll: { timeout: 15_000 } },
  },
})
