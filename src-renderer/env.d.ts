import type { KezekBridge } from '../src-shared/bridge'

declare global {
  interface Window {
    /** Present only inside the Electron shell (see src-shared/bridge.ts). */
    kezek?: KezekBridge
  }
}

export {}
