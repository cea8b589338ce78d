// @vitest-environment happy-dom
/**
 * The kiosk promises no wait it cannot keep: each service card shows what a newcomer would wait now, or
 * that no window is open for it; and a ticket for a service no window serves comes only after a warning.
 */
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { i18n } from '../../src-renderer/i18n'
import KioskSelfServiceOffer from '../../src-renderer/kiosk/KioskSelfServiceOffer.vue'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useKioskStore } from '../../src-renderer/stores/kiosk'
import { AIGERIM, BOLAT } from './fixtures'
import { mountKioskFace, ok, type KioskOptions } from './kiosk-fixtures'
import { emptyState, selfServicePublicConfig } from './self-service-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  connectHub: vi.fn(),
  disconnectHub: vi.fn(),
  sendCommand: vi.fn(),
}))

const send = vi.mocked(sendCommand)
let wrapper: VueWrapper | null = null

async function mountKiosk(options?: KioskOptions) {
  const kiosk = await mountKioskFace(options)
  wrapper = kiosk.wrapper
  return kiosk
}

beforeEach(() => {
  localStorage.clear()
  send.mockReset()
  delete window.kezek
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('kiosk: the wait before the ticket, and no promise without a window', () => {
  const card = (view: VueWrapper, serviceId: string) => view.get(`[data-service="${serviceId}"]`)

  it("each service card shows a newcomer's wait, and a badge where no window is open", async () => {
    // Window 1 serves certificates (one pension ticket waits); no window serves ID cards.
    const kiosk = await mountKiosk({ desks: ['desk-1'] })
    await kiosk.tap('[data-group="certificates"]')
    const w = kiosk.wrapper
    expect(card(w, 'pension').get('[data-testid="service-wait"]').text()).toMatch(/^≈ \d+ мин/)
    expect(card(w, 'no-criminal-record').get('[data-testid="service-wait"]').text()).toMatch(/^≈ \d+ мин/)
    expect(w.find('[data-testid="service-no-window"]').exists()).toBe(false)

    await kiosk.tap('[data-testid="kiosk-back"]')
    await kiosk.tap('[data-group="documents"]')
    const idCard = card(w, 'id-card')
    expect(idCard.get('[data-testid="service-no-window"]').text()).toBe('Қазір терезе жоқ')
    expect(idCard.find('[data-testid="service-wait"]').exists()).toBe(false)

    // A window opens for ID cards: the badge goes with the fact, no reload.
    const opened = kiosk.hub.run({ type: 'desk:open', deskId: 'desk-2' }, BOLAT)
    for (const fact of opened) expect(useCentreStore(kiosk.pinia).receive(fact)).toBe('applied')
    await flushPromises()
    expect(idCard.find('[data-testid="service-no-window"]').exists()).toBe(false)
    expect(idCard.get('[data-testid="service-wait"]').text()).toBe('Қазір: терезе бос')
  })

  it('the estimate is for the chosen priority category: ahead of the waiting regular ticket', async () => {
    const kiosk = await mountKiosk({ desks: ['desk-1'] })
    await kiosk.tap('[data-language="en"]')
    await kiosk.tap('[data-testid="kiosk-priority"]')
    await kiosk.tap('[data-category="veterans"]')
    await kiosk.tap('[data-group="certificates"]')
    // Window 1 is free and the one pension ticket waiting is a regular one: a veteran goes first.
    expect(card(kiosk.wrapper, 'pension').get('[data-testid="service-wait"]').text()).toBe(
      'Now: a window is free',
    )
  })

  it('warns before issuing for a service no window serves; "back" issues nothing', async () => {
    const kiosk = await mountKiosk({ desks: ['desk-1'] })
    await kiosk.tap('[data-group="documents"]')
    await kiosk.tap('[data-service="id-card"]')
    const w = kiosk.wrapper
    const dialog = w.get('[data-testid="kiosk-no-window"]')
    expect(dialog.attributes('role')).toBe('alertdialog')
    expect(dialog.get('#no-window-title').text()).toBe('Қазір бұл қызметті ешбір терезе көрсетпейді')
    expect(dialog.get('#no-window-body').text()).toBe(
      'Талон алуға болады: осы қызметке терезе ашылғанда сізді шақырады.',
    )
    expect(dialog.get('.no-window-service').text()).toBe('Жеке куәлік')
    expect(dialog.get('[data-testid="kiosk-no-window-take"]').text()).toBe('Бәрібір талон алу')
    expect(dialog.get('[data-testid="kiosk-no-window-back"]').text()).toBe('Артқа')
    // The safe choice has the focus: Enter on it takes no ticket.
    expect(document.activeElement).toBe(dialog.get('[data-testid="kiosk-no-window-back"]').element)
    expect(send).not.toHaveBeenCalled()

    await kiosk.tap('[data-testid="kiosk-no-window-back"]')
    expect(w.find('[data-testid="kiosk-no-window"]').exists()).toBe(false)
    expect(w.find('.services-title').exists()).toBe(true)
    expect(send).not.toHaveBeenCalled()

    // Escape is "back" too.
    await kiosk.tap('[data-service="id-card"]')
    await w.get('[data-testid="kiosk-no-window"]').trigger('keydown', { key: 'Escape' })
    expect(w.find('[data-testid="kiosk-no-window"]').exists()).toBe(false)
    expect(send).not.toHaveBeenCalled()
  })

  it('"take a ticket anyway" issues it as usual, and the ticket says no window serves it yet', async () => {
    send.mockResolvedValue(
      ok({
        number: 'F001',
        serviceId: 'id-card',
        ahead: 0,
        windows: 0,
        estimateMinutes: null,
        estimateLow: null,
        estimateHigh: null,
      }),
    )
    const kiosk = await mountKiosk({ desks: ['desk-1'] })
    await kiosk.tap('[data-language="ru"]')
    await kiosk.tap('[data-group="documents"]')
    await kiosk.tap('[data-service="id-card"]')
    const dialog = kiosk.wrapper.get('[data-testid="kiosk-no-window"]')
    expect(dialog.get('#no-window-title').text()).toBe('Сейчас эту услугу не обслуживает ни одно окно')
    expect(dialog.get('[data-testid="kiosk-no-window-take"]').text()).toBe('Всё равно взять талон')
    await kiosk.tap('[data-testid="kiosk-no-window-take"]')

    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0]![1]).toEqual({ serviceId: 'id-card', categoryId: null })
    const w = kiosk.wrapper
    expect(w.find('[data-testid="kiosk-no-window"]').exists()).toBe(false)
    expect(w.get('[data-testid="kiosk-ticket-number"]').text()).toBe('F001')
    expect(w.get('[data-testid="kiosk-ticket-wait"]').text()).toBe(
      'Сейчас эту услугу не обслуживает ни одно окно',
    )
  })
})

describe('the service cards as time passes', () => {
  afterEach(() => vi.useRealTimers())

  it('make the estimate again every 30 s with no fact: a service in hand runs on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    // Twenty pension visits of 12 minutes each: a visit in hand for a while has less to go.
    const kiosk = await mountKiosk({ desks: ['desk-1'], served: Array.from({ length: 20 }, () => 12) })
    // Window 1 calls the pension ticket: a newcomer waits for the service it has just begun.
    for (const fact of kiosk.hub.run({ type: 'ticket:call-next', deskId: 'desk-1' }, AIGERIM))
      useCentreStore(kiosk.pinia).receive(fact)
    await kiosk.tap('[data-group="certificates"]')
    const wait = () => kiosk.wrapper.get('[data-service="pension"] [data-testid="service-wait"]').text()
    const minutes = () => Number(/≈ (\d+)/.exec(wait())![1])
    const first = minutes()
    expect(first).toBeGreaterThan(0)

    await vi.advanceTimersByTimeAsync(29_000)
    expect(minutes()).toBe(first)
    // Minutes later, with no fact in between (a touch now and then keeps the kiosk on the list), the
    // card has followed the clock.
    for (let i = 0; i < 16; i++) {
      document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
      await vi.advanceTimersByTimeAsync(30_000)
    }
    expect(minutes()).toBeLessThan(first)
  })
})

describe('the self-service offer, no window open', () => {
  it('its "take a ticket" and the registration ticket warn first too', async () => {
    const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
    const centre = useCentreStore(pinia)
    centre.config = selfServicePublicConfig()
    centre.state = emptyState()
    centre.loaded = true
    send.mockResolvedValue(ok())
    const kiosk = useKioskStore(pinia)
    await kiosk.chooseService('no-criminal-record')
    wrapper = mount(KioskSelfServiceOffer, { global: { plugins: [pinia, i18n] } })

    await wrapper.get('[data-testid="kiosk-offer-ticket"]').trigger('click')
    await flushPromises()
    expect(kiosk.noWindowServiceId).toBe('no-criminal-record')
    expect(send).not.toHaveBeenCalled()
    kiosk.dismissNoWindow()

    await wrapper.get('[data-testid="kiosk-offer-registration"]').trigger('click')
    await flushPromises()
    expect(kiosk.noWindowServiceId).toBe('mobile-registration')
    expect(send).not.toHaveBeenCalled()
    await kiosk.issueAnyway()
    expect(send).toHaveBeenCalledWith(
      'ticket:issue',
      { serviceId: 'mobile-registration', categoryId: null },
      expect.anything(),
    )
    expect(kiosk.noWindowServiceId).toBeNull()
  })
})
