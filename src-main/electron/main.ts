/**
 * Electron entry (`out/main/index.js`). Everything lives in ./shell; this file only knows where the
 * build put the preload, the hub and the faces.
 *
 *   electron . [--role kiosk|consultant|display] [--hub http://host:port] [--device id --device-key key]
 *              [--printer name] [--shell-config shell.json] [--port 8080 --data dir --config centre.yaml --lan]
 */
import { fileURLToPath } from 'node:url'
import { runShell } from './shell'

const built = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

// argv: [electron, app, ...flags] when run as `electron .`; [app, ...flags] when packaged.
runShell(process.argv.slice(process.defaultApp ? 2 : 1), {
  preload: built('../preload/preload.cjs'),
  hubScript: built('./hub.js'),
  rendererDir: built('../renderer'),
})
