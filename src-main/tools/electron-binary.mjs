// Where the Electron binary is, if it is installed. Plain JavaScript: `postinstall` runs it before any
// TypeScript tooling can be assumed. Follows electron's own index.js (path.txt, ELECTRON_OVERRIDE_DIST_PATH)
// but returns null instead of throwing, and checks that the file exists.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The `electron` package's folder, or null when it is not installed (production install). */
export function electronPackageDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
}

/** Absolute path of the Electron executable, or null when the binary is missing. */
export function findElectronBinary(electronDir = electronPackageDir(), env = process.env) {
  if (!electronDir) return null
  const pathFile = join(electronDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron')
    : executable && join(electronDir, 'dist', executable)
  return binary && existsSync(binary) ? binary : null
}
