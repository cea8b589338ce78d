import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { hubProxy, rendererPlugins } from './src-renderer/vite.config.ts'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/**
 * The bundled hub looks for its demo centre next to itself (`new URL('./demo-centre.yaml', import.meta.url)`
 * in config-file.ts), so the build puts a copy there.
 */
function demoCentreBesideHub(): Plugin {
  return {
    name: 'kezek-demo-centre',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'demo-centre.yaml',
        source: readFileSync(here('src-main/hub/demo-centre.yaml')),
      })
    },
  }
}

export default defineConfig({
  main: {
    plugins: [demoCentreBesideHub()],
    build: {
      outDir: here('out/main'),
      // package.json "main" points at out/main/index.js. The hub is its own entry: the shell runs it as a
      // child process (Electron's Node when packaged), never inside the main process.
      rolldownOptions: {
        input: { index: here('src-main/electron/main.ts'), hub: here('src-main/hub/cli.ts') },
      },
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
