/**
 * What a kiosk shell's self-service sessions answer to the kiosk page's `window.kezek`: the Electron
 * shell's SelfServiceSessions (src-main/electron/self-service.ts) and the Chromium shell's
 * PortalSessions (src-main/chromium-shell/portal-sessions.ts), and the checks both make of the page's
 * requests. No `electron` import, so the Chromium shell depends on nothing of the Electron shell.
 */
import { z } from 'zod'
import type { PortalFailure, PortalResult, PrintResult } from '../src-shared/bridge'

/** The kiosk's self-service sessions. Every argument is `unknown` from the page. */
export interface SelfServicePort {
  start(request: unknown): Promise<PortalResult>
  setBounds(bounds: unknown): Promise<PortalResult>
  back(): Promise<PortalResult>
  home(): Promise<PortalResult>
  print(request: unknown): Promise<PrintResult>
  end(): Promise<PortalResult>
}

/** Where the portal goes, in the kiosk page's CSS pixels. */
export const boundsSchema = z
  .object({
    x: z.number().finite(),
    y: z.number().finite(),
    width: z.number().finite().positive(),
    height: z.number().finite().positive(),
  })
  .strict()

export const startSchema = z.object({ serviceId: z.string().min(1).max(64), bounds: boundsSchema }).strict()
export const printSchema = z.object({ downloadId: z.string().min(1).max(64).optional() }).strict()

export const failure = (reason: PortalFailure, message: string): PortalResult => ({
  ok: false,
  reason,
  message,
})
export const OK: PortalResult = { ok: true }

/** Subframes may be blank documents; everything else must be on the allowlist. */
export const BLANK_FRAMES: ReadonlySet<string> = new Set(['about:blank', 'about:srcdoc'])

/** The host of a URL for a `blocked` report; a bit of the text itself if it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url.slice(0, 80)
  }
}
