import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type PluginOption, type ProxyOptions } from 'vite'

/** Plugins every build of the renderer uses: this config, electron.vite.config.ts and vitest.config.ts. */
export function rendererPlugins(): PluginOption[] {
  return [vue()]
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
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
  },
  server: { proxy: hubProxy() },
})
