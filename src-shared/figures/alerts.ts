/**
 * The supervisor's alerts (issue 16), computed in one place from the centre's state, the config and
 * what the hub knows of its devices' connections: visitors waiting past the centre's standard, queues
 * nobody serves, windows paused past their limit, kiosks or displays offline, printers not ready.
 *
 * Pure: the live view calls it every tick, tests call it with fixed states and clocks.
 */
import type { AlertsConfig } from '../config/alerts'
import { unservedQueues } from '../domain/desks'
import type { CentreState, PrinterState } from '../domain/types'

const MINUTE = 60_000

/** A kiosk's or a display's connection to the hub, as the hub publishes it to supervisors. */
export interface DevicePresence {
  deviceId: string
  kind: 'kiosk' | 'display'
  online: boolean
  /** When it last connected or went (epoch ms), or null if never seen since the hub started. */
  since: number | null
}

export type Alert =
  /** Visitors of a service waiting longer than the standard: how many, and the longest wait. */
  | { kind: 'long-wait'; serviceId: string; count: number; longestMs: number }
  /** Visitors waiting for a service no open window serves. */
  | { kind: 'unserved'; serviceId: string; waiting: number; oldestArrivalAt: number }
  /** A window paused longer than its limit. */
  | { kind: 'long-pause'; deskId: string; staffId: string | null; pausedMs: number; limitMs: number }
  /** A kiosk or display that was connected and has been gone longer than the config allows. */
  | { kind: 'device-offline'; deviceId: string; deviceKind: 'kiosk' | 'display'; since: number }
  /** A kiosk's printer out of paper, offline or in error. */
  | { kind: 'printer'; deviceId: string; printer: Exclude<PrinterState, 'ok'>; since: number }

export type AlertKind = Alert['kind']

export interface AlertInput {
  state: CentreState
  alerts: AlertsConfig
  now: number
  /** The devices' connections; null when the hub has not said (then no device is flagged). */
  presence: readonly DevicePresence[] | null
  /**
   * A pause's own limit in minutes, by the desk's pause reason, where the centre configures one;
   * undefined: the default `pauseLimitMinutes`.
   */
  pauseLimitMinutes?: (deskId: string) => number | undefined
}

/** Every alert now, the most urgent kinds first, each kind in a stable order. */
export function supervisorAlerts(input: AlertInput): Alert[] {
  const { state, alerts, now } = input
  const found: Alert[] = []
  for (const queue of unservedQueues(state)) found.push({ kind: 'unserved', ...queue })
  found.push(...longWaits(state, alerts.waitStandardMinutes * MINUTE, now))
  for (const desk of Object.values(state.desks).sort((a, b) => a.id.localeCompare(b.id))) {
    if (desk.status !== 'paused') continue
    const limitMs = (input.pauseLimitMinutes?.(desk.id) ?? alerts.pauseLimitMinutes) * MINUTE
    const pausedMs = now - desk.since
    if (pausedMs > limitMs)
      found.push({ kind: 'long-pause', deskId: desk.id, staffId: desk.staffId, pausedMs, limitMs })
  }
  for (const device of [...(input.presence ?? [])].sort((a, b) => a.deviceId.localeCompare(b.deviceId))) {
    // Not seen since the hub started is not flagged: the hub cannot tell a device switched off for the
    // night (or a spare in the config) from a broken one; one that was here and went, it can.
    if (device.online || device.since === null) continue
    if (now - device.since <= alerts.deviceOfflineSeconds * 1000) continue
    found.push({
      kind: 'device-offline',
      deviceId: device.deviceId,
      deviceKind: device.kind,
      since: device.since,
    })
  }
  for (const [deviceId, report] of Object.entries(state.devices ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (report.printer !== 'ok')
      found.push({ kind: 'printer', deviceId, printer: report.printer, since: report.at })
  }
  return found
}

/** Per service, the visitors waiting past the standard (longest first among services). */
function longWaits(state: CentreState, standardMs: number, now: number): Alert[] {
  const found: Extract<Alert, { kind: 'long-wait' }>[] = []
  for (const [serviceId, queue] of Object.entries(state.queues)) {
    let count = 0
    let longestMs = 0
    for (const id of queue) {
      const ticket = state.tickets[id]
      if (!ticket) continue
      const waited = now - ticket.arrivalAt
      if (waited > standardMs) {
        count++
        longestMs = Math.max(longestMs, waited)
      }
    }
    if (count > 0) found.push({ kind: 'long-wait', serviceId, count, longestMs })
  }
  return found.sort((a, b) => b.longestMs - a.longestMs || a.serviceId.localeCompare(b.serviceId))
}
