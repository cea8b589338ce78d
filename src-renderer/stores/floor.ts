import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { EventEnvelope } from '../../src-shared/domain'
import type { DevicePresence } from '../../src-shared/figures'
import type { DeskActNotice } from '../../src-shared/protocol/desk-acts'

/** One act of a supervisor, as the consultants' screens tell it. */
export type FloorAct = DeskActNotice

/** How many acts the screens remember (newest kept): they are notices, not a log. */
const KEEP = 20

/**
 * What the hub tells of the floor outside the state: which kiosks and displays are connected
 * (`devices:presence`, staff only), and the supervisor's acts as they happen (from the facts that carry
 * `by`), for the affected consultant's screen. The hub client writes it; after a reload the consultant's
 * screen adds the day's acts on its window that the page missed (`consultant/use-desk-acts.ts`).
 */
export const useFloorStore = defineStore('floor', () => {
  /** Null until the hub has said (an older hub never does): then no device is flagged offline. */
  const presence = shallowRef<DevicePresence[] | null>(null)
  const acts = ref<FloorAct[]>([])

  function receivePresence(list: DevicePresence[]): void {
    presence.value = list
  }

  /**
   * Notes a fact if it is a supervisor's act; `serviceOf` reads the ticket's service, `staffAt` the
   * desk's consultant, before the fact.
   */
  function noteFact(
    event: EventEnvelope,
    serviceOf: (ticketId: string) => string | undefined,
    staffAt: (deskId: string) => string | null = () => null,
  ): void {
    const act = actOf(event, serviceOf, staffAt)
    if (!act || acts.value.some((a) => a.seq === act.seq)) return
    acts.value = [...acts.value, act].slice(-KEEP)
  }

  /** Acts told by the hub's `GET /api/desk-acts` (a page that missed their facts): merged by seq, in order. */
  function receiveActs(list: readonly FloorAct[]): void {
    const known = new Set(acts.value.map((a) => a.seq))
    const fresh = list.filter((act) => !known.has(act.seq))
    if (fresh.length === 0) return
    acts.value = [...acts.value, ...fresh].sort((a, b) => a.seq - b.seq).slice(-KEEP)
  }

  function $reset(): void {
    presence.value = null
    acts.value = []
  }

  return { presence, acts, receivePresence, noteFact, receiveActs, $reset }
})

function actOf(
  event: EventEnvelope,
  serviceOf: (ticketId: string) => string | undefined,
  staffAt: (deskId: string) => string | null,
): FloorAct | null {
  const base = { seq: event.seq, at: event.at, ticketId: null, deskId: null, toServiceId: null }
  const services = (ticketId: string) => {
    const serviceId = serviceOf(ticketId)
    return serviceId ? [serviceId] : []
  }
  switch (event.type) {
    case 'ticket:cancelled':
      if (!event.by) return null
      return {
        ...base,
        kind: 'cancelled',
        by: event.by,
        reason: event.reason ?? '',
        ticketId: event.ticketId,
        serviceIds: services(event.ticketId),
      }
    case 'ticket:transferred':
      if (!event.by) return null
      return {
        ...base,
        kind: 'transferred',
        by: event.by,
        reason: event.reason ?? '',
        ticketId: event.ticketId,
        serviceIds: [event.fromServiceId, event.toServiceId],
        toServiceId: event.toServiceId,
      }
    case 'ticket:prioritised':
      return {
        ...base,
        kind: 'prioritised',
        by: event.by,
        reason: event.reason,
        ticketId: event.ticketId,
        categoryId: event.categoryId,
        serviceIds: services(event.ticketId),
      }
    case 'ticket:called':
      if (!event.by) return null
      return {
        ...base,
        kind: 'called',
        by: event.by,
        reason: event.note ?? '',
        ticketId: event.ticketId,
        deskId: event.deskId,
        serviceIds: [],
      }
    case 'desk:paused':
      if (!event.by) return null
      return {
        ...base,
        kind: 'paused',
        by: event.by,
        reason: event.reason ?? '',
        deskId: event.deskId,
        serviceIds: [],
      }
    case 'desk:opened':
      if (!event.by) return null
      return {
        ...base,
        kind: 'restaffed',
        by: event.by,
        reason: event.reason ?? '',
        deskId: event.deskId,
        serviceIds: [],
      }
    case 'desk:closed':
      if (!event.by) return null
      return {
        ...base,
        kind: 'released',
        by: event.by,
        reason: event.reason ?? '',
        deskId: event.deskId,
        serviceIds: [],
        staffId: staffAt(event.deskId),
      }
    default:
      return null
  }
}
