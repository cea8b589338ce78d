/**
 * What the kiosk's self-service sessions answer to the kiosk page's `window.kezek` (`SelfServicePort`),
 * the checks made of the page's requests, and the scenario asked of the hub. Plain Node: no `electron`
 * or `playwright-core` import.
 */
import { z } from 'zod'
import type { PortalFailure, PortalResult, PrintResult } from '../../src-shared/bridge'
import { selfServiceCatalogueSchema, type ServiceSelfService } from '../../src-shared/config'
import { isAllowedPortalUrl } from '../../src-shared/self-service/portal-url'

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
  // Not a URL: control flow, the report names what the page asked for instead.
  try {
    return new URL(url).host
  } catch {
    return url.slice(0, 80)
  }
}

/** What a session needs from the hub's catalogue: the scenario with its start page, and the allowlist. */
export interface PortalScenario {
  scenario: ServiceSelfService & { startUrl: string }
  allowedDomains: string[]
}

/**
 * Asks the hub for its catalogue (`GET /api/self-service`) and finds the service's portal scenario: the
 * start page and the allowlist always come from the hub, never from the page.
 */
export async function loadPortalScenario(
  loadCatalogue: () => Promise<unknown>,
  serviceId: string,
): Promise<PortalScenario | PortalResult> {
  let raw: unknown
  try {
    raw = await loadCatalogue()
  } catch (error) {
    return failure('hub_unreachable', `the hub did not answer: ${(error as Error).message}`)
  }
  const catalogue = selfServiceCatalogueSchema.safeParse(raw)
  if (!catalogue.success)
    return failure('hub_unreachable', 'the hub answered something other than a catalogue')
  const settings = catalogue.data.settings
  const scenario = catalogue.data.services.find((s) => s.id === serviceId)?.selfService
  const startUrl = scenario?.startUrl
  if (!settings || !scenario || !scenario.channels.includes('portal') || startUrl === undefined) {
    return failure('not_self_service', `service ${serviceId} has no portal scenario`)
  }
  if (!isAllowedPortalUrl(startUrl, settings.allowedDomains)) {
    return failure('not_self_service', 'the start page is outside the allowed portal domains')
  }
  return { scenario: { ...scenario, startUrl }, allowedDomains: settings.allowedDomains }
}
