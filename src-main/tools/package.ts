/**
 * `npm run package [-- electron-builder flags]`: build, then package the kiosk app with electron-builder
 * (config: package.json "build"; Linux AppImage + deb, Windows nsis with `-- --win`).
 *
 * electron-builder rebuilds better-sqlite3 for Electron inside this project's node_modules
 * (`npmRebuild`), after which the system Node (tests, `npm run hub`) can no longer load it. So whatever
 * happens, better-sqlite3 is rebuilt for Node again at the end.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function run(command: string): number {
  console.log(`kezek: ${command}`)
  return spawnSync(command, { cwd: ROOT, shell: true, stdio: 'inherit' }).status ?? 1
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`)

let status = run('npm run build')
if (status === 0) {
  status = run(['npx electron-builder', ...process.argv.slice(2).map(quote)].join(' '))
  const restored = run('npm rebuild better-sqlite3')
  if (restored !== 0) {
    console.error(
      'kezek: better-sqlite3 could not be rebuilt for Node; run `npm rebuild better-sqlite3` before `npm test`',
    )
  }
}
process.exit(status)
