import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin, type PluginOption, type ProxyOptions } from 'vite'

/** Plugins every build of the renderer uses: this config, electron.vite.config.ts and vitest.config.ts. */
export function rendererPlugins(): PluginOption[] {
  return [vue()]
}

/**
 * vue-i18n's compile-time flags: Composition API only (no legacy API in the bundle), no devtools in
 * production. Its message compiler works without `eval`, so the faces keep a strict CSP.
 */
export function rendererDefines(): Record<string, string> {
  return {
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  }
}

/** Files worth compressing: text. Fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/

/**
 * Writes a brotli (`.br`, quality 11) and a gzip (`.gz`, level 9) copy beside every text file of the
 * build, once, so the hub sends the smallest one a browser accepts without compressing per request
 * (`http/faces.ts`): the phone tracker comes over the centre's Wi-Fi or mobile data. Node's zlib does
 * the work; this is only the loop.
 */
export function precompress(): Plugin {
  return {
    name: 'kezek-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir!
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue
        const source = output.type === 'chunk' ? output.code : output.source
        const bytes = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source)
        if (bytes.length < 512) continue
        const path = join(dir, fileName)
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        )
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }))
      }
    },
  }
}

/**
 * In dev the app is served by Vite, but the hub owns Socket.IO, health and the HTTP API, so those paths
 * go to a hub running beside it (`npm run hub`).
 */
export function hubProxy(port: string = process.env.KEZEK_HUB_PORT ?? '8080'): Record<string, ProxyOptions> {
  const target = `http://127.0.0.1:${port}`
  return {
    '/socket.io': { target, ws: true },
    '/healthz': { target },
    '/api': { target },
  }
}

// The hub serves this build at its root and answers history-mode routes (/kiosk, /t/<token>) with
// index.html, so assets must be addressed from '/', not relative to the route.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [...rendererPlugins(), precompress()],
  define: rendererDefines(),
  // zod set up for the faces' CSP wherever it is first loaded (zod-setup.ts says why).
  resolve: {
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./zod-setup.ts', import.meta.url)) }],
  },
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Modules run in source order even when code splitting puts them in different chunks: zod-setup.ts
    // must configure zod before any shared module builds a schema.
    // The precompression takes a few seconds of the build on purpose: no warning about it.
    rolldownOptions: { output: { strictExecutionOrder: true }, checks: { bundlerTimings: false } },
  },
  server: { proxy: hubProxy() },
})
