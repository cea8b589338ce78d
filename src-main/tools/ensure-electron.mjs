#!/usr/bin/env node
// Runs after `npm install`. npm is told (package.json "allowScripts") not to run Electron's own
// download script, so that installing never fails on a machine that cannot reach the binary's host.
// Here we run that same script ourselves: where the download works the binary is installed as usual;
// where it cannot, we say so in one line and carry on, because the hub and every face also run in a
// browser. `npm run electron:install -- --strict` (or `--strict`) makes a failure an error.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { electronPackageDir, findElectronBinary } from './electron-binary.mjs'

const strict = process.argv.includes('--strict')

const electronDir = electronPackageDir()
// Production install without devDependencies: nothing to do.
if (!electronDir) process.exit(0)

const installedBinary = () => findElectronBinary(electronDir)

if (installedBinary()) process.exit(0)
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD && !strict) {
  console.log(
    'kezek: Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD); the hub and faces run in a browser.',
  )
  process.exit(0)
}

const env = { ...process.env }
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  env,
  encoding: 'utf8',
  timeout: 5 * 60_000,
})
const binary = installedBinary()
if (binary) {
  console.log(`kezek: Electron binary installed at ${binary}`)
  process.exit(0)
}
const reason = (
  result.error?.message ??
  `${result.stderr ?? ''}`.split('\n').find((line) => /Error|ENOTFOUND|EAI_AGAIN|ECONN/.test(line)) ??
  'download failed'
)
  .trim()
  .slice(0, 160)
console.log(
  `kezek: Electron binary not installed (${reason}); the hub and faces still run in a browser. Retry with: npm run electron:install`,
)
process.exit(strict ? 1 : 0)
