/**
 * The supervisor's acts on this window that the page missed (a reload, a restarted PC): asked of the hub
 * (`GET /api/desk-acts`) each time the page is in step with it again, and added to the floor store's acts,
 * where the facts that arrive live are noted too. The notices put away stay away (`stores/staff-messages`).
 */
import { storeToRefs } from 'pinia'
import { watch } from 'vue'
import type { DeskActNotice, DeskActsAnswer } from '../../src-shared/protocol/desk-acts'
import { useCentreStore } from '../stores/centre'
import { useConnectionStore } from '../stores/connection'
import { useConsultantStore } from '../stores/consultant'
import { useFloorStore } from '../stores/floor'
import { useSessionStore } from '../stores/session'

const KINDS: ReadonlySet<string> = new Set([
  'cancelled',
  'transferred',
  'prioritised',
  'called',
  'paused',
  'restaffed',
  'released',
])
const text = (value: unknown): value is string => typeof value === 'string'

/** One notice of the answer, checked; null for anything else. */
function noticeOf(value: unknown): DeskActNotice | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (typeof v.seq !== 'number' || typeof v.at !== 'number' || !text(v.kind) || !KINDS.has(v.kind))
    return null
  if (!text(v.by) || !text(v.reason) || !Array.isArray(v.serviceIds) || !v.serviceIds.every(text)) return null
  const nullable = (field: unknown) => field === null || text(field)
  if (!nullable(v.ticketId) || !nullable(v.deskId) || !nullable(v.toServiceId)) return null
  if (v.staffId !== undefined && !nullable(v.staffId)) return null
  return v as unknown as DeskActNotice
}

export function useDeskActs(): void {
  const centre = useCentreStore()
  const floor = useFloorStore()
  const session = useSessionStore()
  const { trusted } = storeToRefs(useConnectionStore())
  const { myDesk } = storeToRefs(useConsultantStore())

  async function load(token: string): Promise<void> {
    try {
      const response = await fetch('/api/desk-acts', {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      })
      if (!response.ok) {
        console.warn(`kezek: the supervisor's acts of the day could not be read (HTTP ${response.status})`)
        return
      }
      const body = (await response.json()) as Partial<DeskActsAnswer>
      // An answer of another day (the day turned meanwhile) tells nothing about this one.
      if (body.day !== centre.state.day || !Array.isArray(body.acts)) return
      floor.receiveActs(body.acts.map(noticeOf).filter((act): act is DeskActNotice => act !== null))
    } catch (error) {
      // The hub gone again: the next time the page is in step, it asks again.
      console.warn("kezek: the supervisor's acts of the day could not be read", error)
    }
  }

  watch(
    () => [trusted.value, myDesk.value?.id ?? null, session.token] as const,
    ([inStep, deskId, token], previous) => {
      const again = !previous || !previous[0] || previous[1] !== deskId
      // Without a window too: a consultant whose window a supervisor closed is told so.
      if (inStep && token && again) void load(token)
    },
    { immediate: true },
  )
}
