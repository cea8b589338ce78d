#!/usr/bin/env node
// `npm run build:hub`: the hub and the command-line tools, compiled to JavaScript in out/hub/, so that
// `npm run hub`, `npm start` and a service manager start Node on plain JavaScript (no TypeScript loader
// at every start: it was about half of a restart). `--if-stale` builds only when a source is newer than
// the output; `npm run hub`, `npm start` and the other tools start through run-built.mjs, which does that.
//
// Plain JavaScript, not TypeScript: it runs before anything is built, on every `npm run hub`.
//
// esbuild rather than electron-vite's main build: one call of about a tenth of a second, without Vite,
// the renderer or Electron's Node version; electron-vite keeps building out/main for the Electron app.
// Every package stays external (better-sqlite3 is native, pino loads its transports by name), so the
// output imports node_modules as the TypeScript did.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const HUB_OUT_DIR = join(ROOT, 'out/hub')

/**
 * Output file (in out/hub/) → its source. Every output sits two folders below the project, like its
 * source, so paths the code finds from `import.meta.url` (`../../out/renderer`, `../../package.json`)
 * resolve the same from both; the demo centre is copied beside them for `./demo-centre.yaml`.
 */
export const HUB_ENTRIES = {
  cli: 'src-main/hub/cli.ts',
  'hash-password': 'src-main/hub/cli-hash-password.ts',
  start: 'src-main/tools/start.ts',
  'kiosk-chromium': 'src-main/chromium-shell/cli.ts',
}

const SOURCES = ['src-main', 'src-shared', 'package.json', 'src-main/tools/build-hub.mjs']
const ASSETS = ['src-main/hub/demo-centre.yaml']

/** The built file of an entry of `HUB_ENTRIES`. */
export const builtHubFile = (name) => join(HUB_OUT_DIR, `${name}.js`)

function newestChange(path, newest = 0) {
  if (!existsSync(path)) return newest
  const stat = statSync(path)
  if (!stat.isDirectory()) return Math.max(newest, stat.mtimeMs)
  for (const entry of readdirSync(path)) newest = newestChange(join(path, entry), newest)
  return newest
}

/** True when an output is missing or older than any source of the hub and its tools. */
export function hubBuildIsStale() {
  const outputs = [...Object.keys(HUB_ENTRIES).map(builtHubFile), join(HUB_OUT_DIR, 'demo-centre.yaml')]
  if (outputs.some((file) => !existsSync(file))) return true
  const oldest = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  return SOURCES.some((source) => newestChange(join(ROOT, source)) > oldest)
}

/** Builds out/hub/ afresh. Rejects with esbuild's messages when the code does not compile. */
export async function buildHub() {
  // Loaded here: a fresh output must not pay for loading esbuild.
  const { build } = await import('esbuild')
  rmSync(HUB_OUT_DIR, { recursive: true, force: true })
  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(HUB_ENTRIES).map(([out, src]) => [out, join(ROOT, src)])),
    outdir: HUB_OUT_DIR,
    bundle: true,
    splitting: true,
    // Shared chunks stay beside the entries (same depth, same `import.meta.url` arithmetic).
    chunkNames: 'shared-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  mkdirSync(HUB_OUT_DIR, { recursive: true })
  for (const asset of ASSETS) copyFileSync(join(ROOT, asset), join(HUB_OUT_DIR, asset.split('/').pop()))
}

/** Builds when stale, saying so on stderr (stdout may be someone's pipe). */
export async function buildHubIfStale() {
  if (!hubBuildIsStale()) return
  console.error('kezek: building the hub (npm run build:hub)…')
  await buildHub()
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = process.argv.includes('--if-stale') ? buildHubIfStale : buildHub
  run().catch((error) => {
    // esbuild has printed what does not compile, with file and line.
    console.error(`kezek: building the hub failed: ${error.message.split('\n')[0]}`)
    process.exit(1)
  })
}
