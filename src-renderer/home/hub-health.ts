import { z } from 'zod'
import { localizedTextSchema, type LocalizedText } from '../../src-shared/config'

/**
 * What `/healthz` says, as far as the landing page needs it. Lenient on purpose: the page must still
 * render (as "hub reports a problem") when the hub is newer or older than this build.
 */
const demoDevice = z.object({ deviceId: z.string().min(1), deviceKey: z.string().min(1) })
const healthzSchema = z.object({
  ok: z.boolean().optional(),
  status: z.string().optional(),
  centre: z.object({ name: localizedTextSchema }).optional(),
  demoDevices: z.object({ kiosk: demoDevice.optional(), display: demoDevice.optional() }).optional(),
  smsOutbox: z.boolean().optional(),
})

/** A device the landing page may open paired: the hub still accepts the demo's public key for it. */
export interface DemoDevice {
  deviceId: string
  deviceKey: string
}

export type HubHealth =
  | {
      state: 'online' | 'degraded'
      centreName: LocalizedText | null
      demoDevices: { kiosk?: DemoDevice; display?: DemoDevice }
      smsOutbox: boolean
    }
  | { state: 'unreachable'; centreName: null; demoDevices: Record<string, never>; smsOutbox: false }

export function parseHubHealth(body: unknown): HubHealth {
  const parsed = healthzSchema.safeParse(body)
  if (!parsed.success) return { state: 'degraded', centreName: null, demoDevices: {}, smsOutbox: false }
  const { ok, status, centre, demoDevices, smsOutbox } = parsed.data
  const healthy = ok === true || (ok === undefined && status === 'ok')
  return {
    state: healthy ? 'online' : 'degraded',
    centreName: centre?.name ?? null,
    demoDevices: demoDevices ?? {},
    smsOutbox: smsOutbox === true,
  }
}

export async function fetchHubHealth(timeoutMs = 5000): Promise<HubHealth> {
  try {
    const response = await fetch('/healthz', {
      cache: 'no-store',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body: unknown = await response.json().catch(() => null)
    const health = parseHubHealth(body)
    return response.ok ? health : { ...health, state: 'degraded' }
  } catch {
    return { state: 'unreachable', centreName: null, demoDevices: {}, smsOutbox: false }
  }
}
