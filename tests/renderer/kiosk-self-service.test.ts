// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import KioskSelfService from '../../src-renderer/kiosk/KioskSelfService.vue'
import KioskSelfServiceOffer from '../../src-renderer/kiosk/KioskSelfServiceOffer.vue'
import KioskServicePicker from '../../src-renderer/kiosk/KioskServicePicker.vue'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useKioskStore } from '../../src-renderer/stores/kiosk'
import { useSelfServiceStore } from '../../src-renderer/stores/self-service'
import { helpRequest, PORTAL, selfServicePublicConfig, servedState } from './self-service-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  connectHub: vi.fn(),
  disconnectHub: vi.fn(),
  sendCommand: vi.fn(),
}))

const send = vi.mocked(sendCommand)
let wrapper: VueWrapper | null = null
let pinia: Pinia

function setUp(): void {
  pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const centre = useCentreStore(pinia)
  centre.config = selfServicePublicConfig()
  centre.state = servedState()
  centre.loaded = true
}

/** The hub's answers, by command. */
function hubAnswers(): void {
  send.mockImplementation((async (type: string) => {
    if (type === 'selfservice:start') return { ok: true, seq: 1, sessionId: 's1' }
    if (type === 'help:request') return { ok: true, seq: 2, helpId: 'h1' }
    if (type === 'ticket:issue') return { ok: false, error: { code: 'offline', message: 'x' } }
    return { ok: true, seq: 3 }
  }) as never)
}

beforeEach(() => {
  send.mockReset()
  delete window.kezek
  setLanguage('kk')
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('KioskServicePicker with a self-service service', () => {
  function pickerIn(language: 'kk' | 'ru' | 'en') {
    setUp()
    send.mockResolvedValue({ ok: false, error: { code: 'offline', message: 'x' } } as never)
    const kiosk = useKioskStore(pinia)
    kiosk.chooseLanguage(language)
    kiosk.chooseGroup('certificates')
    wrapper = mount(KioskServicePicker, { global: { plugins: [pinia, i18n] } })
    return { kiosk, wrapper }
  }

  it('gives only the self-service card its own "take a ticket" button, in the chosen language', () => {
    const { wrapper } = pickerIn('ru')
    expect(wrapper.findAll('[data-service-ticket]').map((b) => b.attributes('data-service-ticket'))).toEqual([
      'no-criminal-record',
    ])
    expect(wrapper.get('[data-service-ticket="no-criminal-record"]').text()).toBe('Взять талон')
    expect(wrapper.get('[data-service="no-criminal-record"]').text()).toContain('Сделать самому онлайн')
    expect(wrapper.get('[data-service="pension"]').text()).not.toContain('Сделать самому онлайн')
  })

  it('the ticket button asks the hub for a ticket at once, with no offer in between', async () => {
    const { kiosk, wrapper } = pickerIn('en')
    await wrapper.get('[data-service-ticket="no-criminal-record"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenCalledWith(
      'ticket:issue',
      { serviceId: 'no-criminal-record', categoryId: null },
      expect.anything(),
    )
    expect(kiosk.step).not.toBe('offer')
  })

  it('the card itself still opens the self-service offer', async () => {
    const { kiosk, wrapper } = pickerIn('kk')
    await wrapper.get('[data-service="no-criminal-record"]').trigger('click')
    await flushPromises()
    expect(kiosk.step).toBe('offer')
    expect(kiosk.offerServiceId).toBe('no-criminal-record')
    expect(send).not.toHaveBeenCalled()
  })
})

describe('KioskSelfServiceOffer', () => {
  it('offers self-service in the chosen language, the phone channels, a ticket, and the registration desk', async () => {
    setUp()
    hubAnswers()
    const kiosk = useKioskStore(pinia)
    kiosk.chooseLanguage('en')
    await kiosk.chooseService('no-criminal-record')
    expect(kiosk.step).toBe('offer')
    expect(send).not.toHaveBeenCalled() // the offer comes before any ticket

    wrapper = mount(KioskSelfServiceOffer, { global: { plugins: [pinia, i18n] } })
    await flushPromises()
    expect(wrapper.find('.offer-title').text()).toBe('You can do this yourself, right now')
    expect(wrapper.find('[data-testid="kiosk-offer-start"]').text()).toBe(
      'Do it myself now, with help nearby',
    )
    expect(wrapper.findAll('[data-need]').map((n) => n.text())).toEqual([
      'Your IIN',
      'A phone number registered in the mobile-citizen database',
    ])
    expect(wrapper.findAll('[data-channel]').map((c) => c.attributes('data-url'))).toEqual([
      'https://egov.kz/mobile',
      'https://t.me/EGovKzBot',
    ])
    expect(wrapper.findAll('[data-channel] svg')).toHaveLength(2)

    await wrapper.find('[data-testid="kiosk-offer-start"]').trigger('click')
    expect(wrapper.emitted('start')).toEqual([['no-criminal-record']])

    await wrapper.find('[data-testid="kiosk-offer-registration"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith(
      'ticket:issue',
      { serviceId: 'mobile-registration', categoryId: null },
      expect.anything(),
    )
  })

  it('"take a ticket" issues one for the service itself; a service without a scenario skips the offer', async () => {
    setUp()
    hubAnswers()
    const kiosk = useKioskStore(pinia)
    await kiosk.chooseService('no-criminal-record')
    wrapper = mount(KioskSelfServiceOffer, { global: { plugins: [pinia, i18n] } })
    expect(wrapper.find('[data-testid="kiosk-offer-ticket"]').text()).toBe('Бәрібір талон алу')
    await wrapper.find('[data-testid="kiosk-offer-ticket"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith(
      'ticket:issue',
      { serviceId: 'no-criminal-record', categoryId: null },
      expect.anything(),
    )

    send.mockClear()
    kiosk.reset()
    await kiosk.chooseService('pension')
    expect(send).toHaveBeenCalledWith(
      'ticket:issue',
      { serviceId: 'pension', categoryId: null },
      expect.anything(),
    )
  })
})

describe('KioskSelfService (browser mode)', () => {
  async function startSession() {
    setUp()
    hubAnswers()
    const tab = { close: vi.fn() }
    const open = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window)
    const kiosk = useKioskStore(pinia)
    const selfService = useSelfServiceStore(pinia)
    kiosk.chooseLanguage('en')
    await kiosk.chooseService('no-criminal-record')
    await selfService.start('no-criminal-record', () => null)
    wrapper = mount(KioskSelfService, { global: { plugins: [pinia, i18n] } })
    await flushPromises()
    return { tab, open, kiosk, selfService, view: wrapper }
  }
  const states = (view: VueWrapper) => view.findAll('.guided-step').map((s) => s.attributes('data-state'))

  it('opens the portal in a new tab and advances step by step as the citizen marks them', async () => {
    const { open, kiosk, view } = await startSession()
    expect(open).toHaveBeenCalledWith(`${PORTAL}/services/record`, '_blank')
    expect(send).toHaveBeenCalledWith('selfservice:start', { serviceId: 'no-criminal-record' })
    expect(kiosk.step).toBe('self-service')
    expect(view.find('.guided-note').text()).toContain('new tab')
    expect(view.findAll('.guided-step-title').map((s) => s.text())).toEqual([
      'Sign in',
      'Fill in the request',
      'Get the certificate',
    ])
    expect(states(view)).toEqual(['current', 'next', 'next'])

    await view.find('[data-testid="kiosk-step-done"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith('selfservice:step', { sessionId: 's1', step: 0 })
    expect(states(view)).toEqual(['done', 'current', 'next'])
    await view.find('[data-testid="kiosk-step-done"]').trigger('click')
    await view.find('[data-testid="kiosk-step-done"]').trigger('click')
    await flushPromises()
    expect(states(view)).toEqual(['done', 'done', 'done'])
    expect(view.find('[data-testid="kiosk-step-done"]').exists()).toBe(false)
    expect(view.find('[data-testid="kiosk-steps-done"]').exists()).toBe(true)
  })

  it('calls a consultant with the step reached and names who is coming', async () => {
    const { view } = await startSession()
    await view.find('[data-testid="kiosk-step-done"]').trigger('click')
    await view.find('[data-testid="kiosk-call-consultant"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith('help:request', {
      serviceId: 'no-criminal-record',
      sessionId: 's1',
      step: 0,
    })
    const centre = useCentreStore(pinia)
    centre.state.helpRequests = { h1: helpRequest({ id: 'h1', step: 0 }) }
    await flushPromises()
    expect(view.find('[data-testid="kiosk-help-status"]').text()).toBe(
      'A consultant has been called. Please wait here.',
    )
    expect(view.find('[data-testid="kiosk-call-consultant"]').exists()).toBe(false)
    centre.state.helpRequests = {
      h1: helpRequest({ id: 'h1', step: 0, status: 'accepted', staffId: 'aigerim', firstName: 'Айгерім' }),
    }
    await flushPromises()
    expect(view.find('[data-testid="kiosk-help-status"]').text()).toBe('Someone is coming: Айгерім')
  })

  it('"finish" ends the session as completed, closes the tab and leaves nothing', async () => {
    const { tab, kiosk, selfService, view } = await startSession()
    await view.find('[data-testid="kiosk-finish"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith('selfservice:finish', { sessionId: 's1', outcome: 'completed' })
    expect(tab.close).toHaveBeenCalled()
    expect(kiosk.step).toBe('home')
    expect(kiosk.language).toBe('kk')
    expect(selfService.sessionId).toBeNull()
    expect(selfService.portalTab).toBeNull()
  })

  it('counts down after the idle time; "still here" starts over; silence ends it as timed out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const { tab, kiosk, view } = await startSession()
    await vi.advanceTimersByTimeAsync(119_000)
    expect(view.find('[data-testid="kiosk-idle-warning"]').exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(2_000)
    const warning = view.find('[data-testid="kiosk-idle-warning"]')
    expect(warning.exists()).toBe(true)
    expect(warning.attributes('data-seconds')).toBe('19')
    expect(warning.text()).toContain('19 s')

    await view.find('[data-testid="kiosk-still-here"]').trigger('click')
    await flushPromises()
    expect(view.find('[data-testid="kiosk-idle-warning"]').exists()).toBe(false)

    await vi.advanceTimersByTimeAsync(141_000)
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith('selfservice:finish', { sessionId: 's1', outcome: 'timed_out' })
    expect(tab.close).toHaveBeenCalled()
    expect(kiosk.step).toBe('home')
  })
})

describe('KioskSelfService (Electron shell)', () => {
  it('opens the portal view beside the panel and follows its pages; finish wipes it', async () => {
    setUp()
    hubAnswers()
    let navigated: ((n: { url: string; step: number | null; canGoBack: boolean }) => void) | null = null
    const shell = {
      appInfo: vi.fn(),
      printTicket: vi.fn(),
      startSelfService: vi.fn(async () => ({ ok: true as const })),
      setPortalBounds: vi.fn(async () => ({ ok: true as const })),
      endSelfService: vi.fn(async () => ({ ok: true as const })),
      onPortalNavigated: vi.fn((callback) => {
        navigated = callback
        return () => (navigated = null)
      }),
      onPortalEvent: vi.fn(() => () => undefined),
    }
    window.kezek = shell as never
    const open = vi.spyOn(window, 'open')
    const selfService = useSelfServiceStore(pinia)
    await useKioskStore(pinia).chooseService('no-criminal-record')
    await selfService.start('no-criminal-record', () => ({ x: 1, y: 2, width: 3, height: 4 }))
    wrapper = mount(KioskSelfService, { global: { plugins: [pinia, i18n] } })
    await flushPromises()
    expect(open).not.toHaveBeenCalled()
    expect(shell.startSelfService).toHaveBeenCalledWith({
      serviceId: 'no-criminal-record',
      bounds: { x: 1, y: 2, width: 3, height: 4 },
    })
    expect(wrapper.find('[data-testid="kiosk-step-done"]').exists()).toBe(false)
    navigated!({ url: `${PORTAL}/request/`, step: 1, canGoBack: true })
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith('selfservice:step', { sessionId: 's1', step: 1 })
    expect(wrapper.findAll('.guided-step').map((s) => s.attributes('data-state'))).toEqual([
      'done',
      'current',
      'next',
    ])
    await wrapper.find('[data-testid="kiosk-finish"]').trigger('click')
    await flushPromises()
    expect(shell.endSelfService).toHaveBeenCalled()
    expect(navigated).toBeNull()
  })

  /** A shell with the given portal functions, a session started in English and the panel mounted. */
  async function electronSession(extra: Record<string, unknown>) {
    setUp()
    hubAnswers()
    let navigated: ((n: { url: string; step: number | null; canGoBack: boolean }) => void) | null = null
    window.kezek = {
      appInfo: vi.fn(),
      printTicket: vi.fn(),
      startSelfService: vi.fn(async () => ({ ok: true as const })),
      setPortalBounds: vi.fn(async () => ({ ok: true as const })),
      endSelfService: vi.fn(async () => ({ ok: true as const })),
      onPortalNavigated: vi.fn((callback) => {
        navigated = callback
        return () => (navigated = null)
      }),
      onPortalEvent: vi.fn(() => () => undefined),
      ...extra,
    } as never
    const kiosk = useKioskStore(pinia)
    kiosk.chooseLanguage('en')
    await kiosk.chooseService('no-criminal-record')
    await useSelfServiceStore(pinia).start('no-criminal-record', () => null)
    wrapper = mount(KioskSelfService, { global: { plugins: [pinia, i18n] } })
    await flushPromises()
    return {
      view: wrapper,
      navigate: (canGoBack: boolean) => navigated!({ url: PORTAL, step: 0, canGoBack }),
    }
  }

  it('shows back, start page and print when the shell offers them, and each calls the shell', async () => {
    const portalBack = vi.fn(async () => ({ ok: true as const }))
    const portalHome = vi.fn(async () => ({ ok: true as const }))
    let finishPrint: (result: { ok: boolean; reason?: string }) => void = () => undefined
    const printCertificate = vi.fn(() => new Promise((resolve) => (finishPrint = resolve)))
    const { view, navigate } = await electronSession({ portalBack, portalHome, printCertificate })

    const back = view.get('[data-testid="kiosk-portal-back"]')
    expect(back.text()).toBe('Back')
    expect(back.attributes('disabled')).toBeDefined() // the start page: nothing to go back to
    navigate(true)
    await flushPromises()
    expect(back.attributes('disabled')).toBeUndefined()
    await back.trigger('click')
    expect(portalBack).toHaveBeenCalledOnce()

    await view.get('[data-testid="kiosk-portal-home"]').trigger('click')
    expect(portalHome).toHaveBeenCalledOnce()

    const print = view.get('[data-testid="kiosk-portal-print"]')
    expect(print.text()).toBe('Print this page')
    await print.trigger('click')
    await flushPromises()
    expect(printCertificate).toHaveBeenCalledWith({})
    expect(view.get('[data-testid="kiosk-portal-print-status"]').text()).toBe('Printing…')
    await print.trigger('click') // a second touch while printing prints nothing more
    expect(printCertificate).toHaveBeenCalledOnce()
    finishPrint({ ok: false, reason: 'printer "A4-Office" not found' })
    await flushPromises()
    const status = view.get('[data-testid="kiosk-portal-print-status"]')
    expect(status.attributes('data-status')).toBe('failed')
    expect(status.text()).toBe('Printing failed. Please ask a consultant.')
  })

  it('shows only the controls an older shell offers, and none in a plain browser', async () => {
    const { view } = await electronSession({ portalHome: vi.fn(async () => ({ ok: true as const })) })
    expect(view.find('[data-testid="kiosk-portal-home"]').exists()).toBe(true)
    expect(view.find('[data-testid="kiosk-portal-back"]').exists()).toBe(false)
    expect(view.find('[data-testid="kiosk-portal-print"]').exists()).toBe(false)
    wrapper!.unmount()
    wrapper = null

    const bare = await electronSession({})
    expect(bare.view.find('[data-testid="kiosk-portal-controls"]').exists()).toBe(false)
  })
})

describe('KioskSelfService portal controls in a plain browser', () => {
  it('are not shown: the portal is in its own tab', async () => {
    setUp()
    hubAnswers()
    vi.spyOn(window, 'open').mockReturnValue({ close: vi.fn() } as unknown as Window)
    await useKioskStore(pinia).chooseService('no-criminal-record')
    await useSelfServiceStore(pinia).start('no-criminal-record', () => null)
    wrapper = mount(KioskSelfService, { global: { plugins: [pinia, i18n] } })
    await flushPromises()
    expect(wrapper.find('[data-testid="kiosk-self-service"]').attributes('data-mode')).toBe('browser')
    expect(wrapper.find('[data-testid="kiosk-portal-controls"]').exists()).toBe(false)
  })
})
