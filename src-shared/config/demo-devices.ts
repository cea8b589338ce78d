/**
 * The demo centre's device keys: public (docs/demo-accounts.md), so a fresh install shows a working
 * kiosk and display. The shells and `npm start` use them only for the built-in demo centre; the hub
 * offers them on `/healthz` only when its config still accepts them (the landing page's links).
 */
export const DEMO_DEVICES = {
  kiosk: { deviceId: 'kiosk-1', deviceKey: 'kezek-demo-kiosk-1' },
  display: { deviceId: 'display-1', deviceKey: 'kezek-demo-display-1' },
} as const

export type DemoDeviceRole = keyof typeof DEMO_DEVICES
