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
// Pure-JavaScript packages are bundled in: Node 20 resolves, reads and compiles each file of a package
// one by one (zod, yaml, socket.io and libphonenumber-js are hundreds of small modules), and bundled the
// hub answers about 90 ms sooner after a restart. Packages stay external where bundling would break
// them: native code (better-sqlite3), workers or files found by name at run time (pino, pino-pretty),
// optional native add-ons (bufferutil, utf-8-validate, pg-native), the PostgreSQL driver (loaded only
// for a postgres:// store), and the kiosk shell's browser driver and Electron.
import { createHash, randomBytes } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT_DIR = join(ROOT, 'out')
export const HUB_OUT_DIR = join(OUT_DIR, 'hub')

/**
 * Output file (in out/hub/) → its source. Every output sits two folders below the project, like its
 * source, so paths the code finds from `import.meta.url` (`../../out/renderer`, `../../package.json`)
 * resolve the same from both; the demo centre is copied beside them for `./demo-centre.yaml`.
 */
export const HUB_ENTRIES = {
  cli: 'src-main/hub/cli.ts',
  'hash-password': 'src-main/hub/cli-hash-password.ts',
  'rotate-key': 'src-main/hub/cli-rotate-key.ts',
  bot: 'src-main/hub/cli-bot.ts',
  start: 'src-main/tools/start.ts',
  'kiosk-chromium': 'src-main/chromium-shell/cli.ts',
}

/** What the build reads: the sources, the TypeScript settings esbuild honours, and this script. */
const SOURCES = ['src-main', 'src-shared', 'package.json', 'tsconfig.json', 'tsconfig.node.json']
const ASSETS = ['src-main/hub/demo-centre.yaml']
/** Loaded from node_modules at run time, not bundled (see the comment at the top). */
const EXTERNAL_PACKAGES = [
  'better-sqlite3',
  'pino',
  'pino-pretty',
  'pg',
  'pg-native',
  'bufferutil',
  'utf-8-validate',
  'playwright-core',
  'electron',
]
/** Written last into a build: the digest of the sources it was built from. */
const MANIFEST = 'build.json'
const LOCK = join(OUT_DIR, '.hub-build.lock')

/** The built file of an entry of `HUB_ENTRIES`. */
export const builtHubFile = (name) => join(HUB_OUT_DIR, `${name}.js`)

function filesUnder(path, files = []) {
  if (!existsSync(path)) return files
  if (!statSync(path).isDirectory()) files.push(path)
  else for (const entry of readdirSync(path).sort()) filesUnder(join(path, entry), files)
  return files
}

/**
 * The sources' content, as one sha256: a build is current when it was made from exactly these bytes.
 * Not file times: a release unpacked with `tar x` or copied with `rsync -a` keeps older times than a
 * build it replaces, and a deleted file leaves no newer time anywhere. About 2 MB to read, a few ms.
 */
export function sourceDigest() {
  const hash = createHash('sha256')
  for (const file of SOURCES.flatMap((source) => filesUnder(join(ROOT, source)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

function builtDigest() {
  try {
    return JSON.parse(readFileSync(join(HUB_OUT_DIR, MANIFEST), 'utf8')).sources
  } catch {
    // Control flow: no manifest, or not JSON, means not built (or a build from before manifests).
    return null
  }
}

/** True when an output is missing or out/hub/ was built from other sources than today's. */
export function hubBuildIsStale() {
  const outputs = [...Object.keys(HUB_ENTRIES).map(builtHubFile), join(HUB_OUT_DIR, 'demo-centre.yaml')]
  if (outputs.some((file) => !existsSync(file))) return true
  return builtDigest() !== sourceDigest()
}

/**
 * Builds out/hub/ afresh, into a folder of its own that then takes out/hub's place, so a hub starting
 * meanwhile never finds half a build. Rejects with esbuild's messages when the code does not compile.
 */
export async function buildHub() {
  // Loaded here: a fresh output must not pay for loading esbuild.
  const { build } = await import('esbuild')
  const sources = sourceDigest()
  const draft = join(OUT_DIR, `hub.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: Object.fromEntries(
        Object.entries(HUB_ENTRIES).map(([out, src]) => [out, join(ROOT, src)]),
      ),
      outdir: draft,
      bundle: true,
      splitting: true,
      // Shared chunks stay beside the entries (same depth, same `import.meta.url` arithmetic).
      chunkNames: 'shared-[hash]',
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      external: EXTERNAL_PACKAGES,
      // A bundled CommonJS package may `require` a Node built-in; ESM output has no `require` of its own.
      banner: {
        js: "import { createRequire as kezekCreateRequire } from 'node:module'; const require = kezekCreateRequire(import.meta.url);",
      },
      sourcemap: 'linked',
      logLevel: 'warning',
    })
    for (const asset of ASSETS) copyFileSync(join(ROOT, asset), join(draft, asset.split('/').pop()))
    writeFileSync(
      join(draft, MANIFEST),
      `${JSON.stringify({ sources, builtAt: new Date().toISOString() })}\n`,
    )
    const old = `${draft}.old`
    if (existsSync(HUB_OUT_DIR)) renameSync(HUB_OUT_DIR, old)
    renameSync(draft, HUB_OUT_DIR)
    rmSync(old, { recursive: true, force: true })
  } finally {
    rmSync(draft, { recursive: true, force: true })
  }
}

/**
 * One build at a time (`npm run hub` and `npm run hash-password` started together, a service restart
 * racing a CLI): the first takes the lock and builds; the others wait for it, then find the build
 * current. A lock whose process is gone is taken over.
 */
async function withBuildLock(work) {
  mkdirSync(OUT_DIR, { recursive: true })
  // The lock appears with its holder's pid already in it (written aside, then linked into place): a lock
  // created empty and written after could be read empty by another launcher, taken for a dead holder's,
  // and removed, and both would build.
  const mine = `${LOCK}.${process.pid}`
  writeFileSync(mine, String(process.pid))
  try {
    for (;;) {
      try {
        linkSync(mine, LOCK)
        break
      } catch (error) {
        if (error.code !== 'EEXIST') throw error
        if (!lockHolderAlive()) rmSync(LOCK, { force: true })
        else await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  } finally {
    rmSync(mine, { force: true })
  }
  try {
    return await work()
  } finally {
    rmSync(LOCK, { force: true })
  }
}

function lockHolderAlive() {
  let pid
  try {
    pid = Number(readFileSync(LOCK, 'utf8'))
  } catch {
    // Control flow: the holder removed it between our two looks; try again.
    return true
  }
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

/** Builds when stale, saying so on stderr (stdout may be someone's pipe). */
export async function buildHubIfStale() {
  if (!hubBuildIsStale()) return
  await withBuildLock(async () => {
    // Another process may have built it while this one waited for the lock.
    if (!hubBuildIsStale()) return
    console.error('kezek: building the hub (npm run build:hub)…')
    await buildHub()
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const run = process.argv.includes('--if-stale') ? buildHubIfStale : () => withBuildLock(buildHub)
  run().catch((error) => {
    // esbuild has printed what does not compile, with file and line.
    console.error(`kezek: building the hub failed: ${error.message.split('\n')[0]}`)
    process.exit(1)
  })
}
