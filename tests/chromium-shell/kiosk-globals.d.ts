// Functions passed to `page.evaluate` run in the kiosk page, where the shell defines `window.kezek`
// (src-renderer/env.d.ts declares it for the web build; the Node tsconfig needs it too).
import type { KezekBridge } from '../../src-shared/bridge'

declare global {
  interface Window {
    kezek?: KezekBridge
  }
}

export {}
