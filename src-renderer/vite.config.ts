import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type PluginOption, type ProxyOptions } from 'vite'

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
  plugins: rendererPlugins(),
  define: rendererDefines(),
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Modules run in source order even when code splitting puts them in different chunks: zod-setup.ts
    // must configure zod before any shared module builds a schema.
    rolldownOptions: { output: { strictExecutionOrder: true } },
  },
  server: { proxy: hubProxy() },
})
