import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import { hubProxy, rendererPlugins } from './src-renderer/vite.config.ts'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  main: {
    build: {
      outDir: here('out/main'),
      // package.json "main" points at out/main/index.js.
      rolldownOptions: { input: { index: here('src-main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: here('out/preload'),
      rolldownOptions: {
        input: { preload: here('src-main/electron/preload.ts') },
        // CommonJS so the windows keep `sandbox: true`; an ESM preload would need the sandbox off.
        // `.cjs` because this package is "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: here('src-renderer'),
    plugins: rendererPlugins(),
    server: { proxy: hubProxy() },
    build: {
      // Not out/renderer: electron-vite forces base './' for its build, while the hub serves
      // out/renderer with base '/' for history-mode routes. Windows load the hub's URL in production.
      outDir: here('out/electron-renderer'),
      rolldownOptions: { input: here('src-renderer/index.html') },
    },
  },
})
