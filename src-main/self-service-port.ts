/**
 * What a kiosk shell's self-service sessions answer to the kiosk page's `window.kezek`: the Electron
 * shell's SelfServiceSessions (src-main/electron/self-service.ts) and the Chromium shell's
 * PortalSessions (src-main/chromium-shell/portal-sessions.ts). Plain types: no `electron` import, so
 * the Chromium shell depends on nothing of the Electron shell.
 */
import type { PortalResult, PrintResult } from '../src-shared/bridge'

/** The kiosk's self-service sessions. Every argument is `unknown` from the page. */
export interface SelfServicePort {
  start(request: unknown): Promise<PortalResult>
  setBounds(bounds: unknown): Promise<PortalResult>
  back(): Promise<PortalResult>
  home(): Promise<PortalResult>
  print(request: unknown): Promise<PrintResult>
  end(): Promise<PortalResult>
}
