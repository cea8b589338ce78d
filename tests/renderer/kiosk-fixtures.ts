/**
 * The kiosk face mounted as a paired device on the renderer tests' centre (./fixtures.ts), and the hub's
 * answers to "take a ticket". A test file mocks `hub-client` itself (vi.mock is per file).
 */
import { bookingsSchema } from '../../src-shared/config'
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { vi } from 'vitest'
import type { IssuedTicket } from '../../src-shared/protocol'
import type { CommandAck } from '../../src-renderer/hub/hub-client'
import { i18n } from '../../src-renderer/i18n'
import KioskFace from '../../src-renderer/kiosk/KioskFace.vue'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useConnectionStore } from '../../src-renderer/stores/connection'
import { AIGERIM, BOLAT, HubLog } from './fixtures'

type IssueAck = CommandAck<'ticket:issue'>

export const TICKET: IssuedTicket = {
  id: 't7',
  number: 'A007',
  serviceId: 'no-criminal-record',
  categoryId: null,
  issuedAt: Date.UTC(2025, 2, 10, 5, 0),
  ahead: 3,
  windows: 1,
  estimateMinutes: 12,
  estimateLow: 8,
  estimateHigh: 18,
  trackToken: 'track-token-000000000007',
}

export const ok = (ticket: Partial<IssuedTicket> = {}): IssueAck => ({
  ok: true,
  seq: 9,
  ticket: { ...TICKET, ...ticket },
})

export const offline: IssueAck = { ok: false, error: { code: 'offline', message: 'no answer' } }

/** The wait lines of the paper ticket (print view), Kazakh then Russian. */
export const printedWait = (view: VueWrapper) =>
  view.findAll('[data-testid="kiosk-print-wait"] span').map((line) => line.text())

export interface KioskOptions {
  /** Store the device's credentials first (default: yes). */
  paired?: boolean
  /** The windows open (default both: desk-1 serves certificates, desk-2 ID cards). */
  desks?: ('desk-1' | 'desk-2')[]
  /** Pension visits served at desk-1 first, each holding the window so many minutes (default none). */
  served?: number[]
  /** The centre takes bookings (its public config says so; default no). */
  bookings?: boolean
}

/**
 * Mounts the kiosk with the centre loaded, one pension ticket waiting and `desks` open, at the hub's
 * clock; counts every tap it makes. The caller unmounts `wrapper`.
 */
export async function mountKioskFace(options: KioskOptions = {}) {
  if (options.paired !== false) {
    localStorage.setItem('kezek.device', JSON.stringify({ deviceId: 'kiosk-1', key: 'kezek-demo-kiosk-1' }))
  }
  const pinia: Pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const hub = new HubLog()
  const staff = { 'desk-1': AIGERIM, 'desk-2': BOLAT }
  for (const deskId of options.desks ?? (['desk-1', 'desk-2'] as const))
    hub.run({ type: 'desk:open', deskId }, staff[deskId])
  for (const minutes of options.served ?? []) {
    hub.issue('pension')
    const called = hub.run({ type: 'ticket:call-next', deskId: 'desk-1' }, AIGERIM)
    const ticketId = (called.find((e) => e.type === 'ticket:called') as { ticketId: string }).ticketId
    hub.run({ type: 'ticket:start', ticketId }, AIGERIM)
    hub.now += minutes * 60_000
    hub.run({ type: 'ticket:finish', ticketId }, AIGERIM)
  }
  hub.issue('pension')
  const snapshot = hub.snapshot()
  if (options.bookings)
    snapshot.config = { ...snapshot.config, bookings: bookingsSchema.parse({ enabled: true }) }
  useCentreStore(pinia).replace(snapshot)
  // The hub's clock, as the snapshot would set it.
  Object.assign(useConnectionStore(pinia), {
    status: 'online',
    synced: true,
    serverOffsetMs: hub.now - Date.now(),
  })
  const wrapper = mount(KioskFace, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  await flushPromises()
  let touches = 0
  return {
    wrapper,
    pinia,
    hub,
    get touches() {
      return touches
    },
    async tap(selector: string) {
      const target = wrapper.find(selector)
      if (!target.exists()) throw new Error(`nothing to tap at ${selector}:\n${wrapper.text()}`)
      await target.trigger('click')
      touches += 1
      await flushPromises()
    },
  }
}
