#!/usr/bin/env node
// `node src-main/tools/run-built.mjs <entry> [its flags]`: what `npm run hub`, `npm start`,
// `npm run hash-password` and `npm run kiosk:chromium` run. Rebuilds out/hub/ when a source is newer
// (a fresh clone, a `git pull`, an edit), then runs the built entry in this same process: one Node
// process, so signals (Ctrl+C, a service manager's SIGTERM) reach the hub itself, on every platform.
import { pathToFileURL } from 'node:url'
import { buildHubIfStale, builtHubFile, HUB_ENTRIES } from './build-hub.mjs'

const entry = process.argv[2]
if (!entry || !Object.hasOwn(HUB_ENTRIES, entry)) {
  console.error(`usage: run-built.mjs <${Object.keys(HUB_ENTRIES).join('|')}> [flags]`)
  process.exit(2)
}
try {
  await buildHubIfStale()
} catch (error) {
  console.error(`kezek: building the hub failed: ${error.message.split('\n')[0]}`)
  process.exit(1)
}
// The entry reads its flags from process.argv and checks argv[1] to know it is the main module: it must
// see what `node out/hub/<entry>.js [flags]` would give it.
const file = builtHubFile(entry)
process.argv.splice(1, 2, file)
await import(pathToFileURL(file).href)
