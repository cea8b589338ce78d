// @vitest-environment happy-dom
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectHub, sendCommand, type CommandAck } from '../../src-renderer/hub/hub-client'
import { useConnectionStore } from '../../src-renderer/stores/connection'
import { mountKioskFace, offline, ok, printedWait, TICKET, type KioskOptions } from './kiosk-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  connectHub: vi.fn(),
  disconnectHub: vi.fn(),
  sendCommand: vi.fn(),
}))

const send = vi.mocked(sendCommand)
const connect = vi.mocked(connectHub)
type IssueAck = CommandAck<'ticket:issue'>

let wrapper: VueWrapper | null = null
let pinia: Pinia

async function mountKiosk(options?: KioskOptions) {
  const kiosk = await mountKioskFace(options)
  ;({ wrapper, pinia } = kiosk)
  return kiosk
}

beforeEach(() => {
  localStorage.clear()
  send.mockReset()
  connect.mockReset()
  delete window.kezek
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
})

describe('kiosk flow', () => {
  it('connects with the paired device credentials and starts at home in Kazakh', async () => {
    const kiosk = await mountKiosk()
    expect(connect).toHaveBeenCalledWith(
      { role: 'device', deviceId: 'kiosk-1', key: 'kezek-demo-kiosk-1' },
      { url: undefined },
    )
    expect(kiosk.wrapper.find('[data-language="kk"]').attributes('aria-pressed')).toBe('true')
    expect(kiosk.wrapper.find('.home-prompt').text()).toBe('Қызмет түрін таңдаңыз')
    expect(kiosk.wrapper.findAll('[data-language]').map((b) => b.text())).toEqual([
      'Қазақша',
      'Русский',
      'English',
    ])
    expect(kiosk.wrapper.find('[data-group="certificates"]').text()).toContain('Кезекте: 1')
  })

  it('issues a ticket in two touches (group, service) and shows only what the hub acknowledged', async () => {
    send.mockResolvedValue(ok())
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')

    expect(kiosk.touches).toBeLessThanOrEqual(3)
    expect(send).toHaveBeenCalledTimes(1)
    const [type, fields, options] = send.mock.calls[0]!
    expect(type).toBe('ticket:issue')
    expect(fields).toEqual({ serviceId: 'no-criminal-record', categoryId: null })
    expect(options?.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)

    const w = kiosk.wrapper
    expect(w.find('[data-testid="kiosk-ticket-number"]').text()).toBe('A007')
    expect(w.find('.ticket-service').text()).toBe('Соттылық туралы анықтама')
    expect(w.find('[data-testid="kiosk-ticket-ahead"]').text()).toBe('3')
    expect(w.find('[data-testid="kiosk-ticket-wait"]').text()).toBe('≈ 12 мин (8–18 мин)')
    // The paper ticket: Kazakh, then Russian.
    expect(printedWait(w)).toEqual([
      'Болжамды күту уақыты: ≈ 12 мин (8–18 мин)',
      'Примерное ожидание: ≈ 12 мин (8–18 мин)',
    ])
    const qr = w.find('[data-testid="kiosk-qr"]')
    expect(qr.attributes('data-url')).toBe(`${location.origin}/t/track-token-000000000007`)
    await vi.waitFor(() => expect(qr.find('svg').exists()).toBe(true), { timeout: 15_000 })
  })

  it('a ticket no open window serves says so in words, on screen and on paper, with no minutes', async () => {
    send.mockResolvedValue(
      ok({ ahead: 0, windows: 0, estimateMinutes: null, estimateLow: null, estimateHigh: null }),
    )
    const kiosk = await mountKiosk({ desks: ['desk-2'] })
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    await kiosk.tap('[data-testid="kiosk-no-window-take"]')
    const wait = kiosk.wrapper.get('[data-testid="kiosk-ticket-wait"]')
    expect(wait.text()).toBe('Қазір бұл қызметті ешбір терезе көрсетпейді')
    expect(wait.attributes('data-no-window')).toBe('true')
    expect(wait.text()).not.toMatch(/\d/)
    expect(printedWait(kiosk.wrapper)).toEqual([
      'Болжамды күту уақыты: Қазір бұл қызметті ешбір терезе көрсетпейді',
      'Примерное ожидание: Сейчас эту услугу не обслуживает ни одно окно',
    ])
  })

  it('a window free at once: "now", in the chosen language', async () => {
    send.mockResolvedValue(ok({ ahead: 0, estimateMinutes: 0, estimateLow: null, estimateHigh: null }))
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-language="en"]')
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    expect(kiosk.wrapper.get('[data-testid="kiosk-ticket-wait"]').text()).toBe('Now: a window is free')
  })

  it('takes three touches in Russian: language, group, service', async () => {
    send.mockResolvedValue(ok({ serviceId: 'pension', number: 'B002' }))
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-language="ru"]')
    expect(kiosk.wrapper.find('.home-prompt').text()).toBe('Выберите вид услуги')
    await kiosk.tap('[data-group="certificates"]')
    expect(kiosk.wrapper.find('.services-title').text()).toBe('Выберите услугу')
    await kiosk.tap('[data-service="pension"]')
    expect(kiosk.touches).toBe(3)
    expect(kiosk.wrapper.find('.ticket-label').text()).toBe('Ваш талон')
    expect(kiosk.wrapper.find('.ticket-service').text()).toBe('Пенсия')
  })

  it('shows no number while waiting or after a failed ack, and "try again" reuses the request id', async () => {
    let answer!: (ack: IssueAck) => void
    send.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    const w = kiosk.wrapper
    expect(w.find('[data-testid="kiosk-issuing"]').exists()).toBe(true)
    expect(w.find('[data-testid="kiosk-ticket-number"]').exists()).toBe(false)

    answer(offline)
    await flushPromises()
    const error = w.find('[data-testid="kiosk-error"]')
    expect(error.exists()).toBe(true)
    expect(error.text()).toContain('Талон берілмеді')
    expect(error.text()).toContain('Қайталап көріңіз немесе консультантқа жүгініңіз.')
    expect(error.text()).toContain('Жүйемен байланыс жоқ.')
    expect(w.find('[data-testid="kiosk-ticket-number"]').exists()).toBe(false)
    expect(w.find('[data-testid="kiosk-qr"]').exists()).toBe(false)
    expect(w.text()).not.toContain('A007')

    send.mockResolvedValueOnce(ok())
    await kiosk.tap('[data-testid="kiosk-retry"]')
    expect(send).toHaveBeenCalledTimes(2)
    expect(send.mock.calls[1]![2]!.requestId).toBe(send.mock.calls[0]![2]!.requestId)
    expect(w.find('[data-testid="kiosk-ticket-number"]').text()).toBe('A007')
  })

  it('a new action after "home" gets a new request id', async () => {
    send.mockResolvedValue(offline)
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="pension"]')
    await kiosk.tap('[data-testid="kiosk-home"]')
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="pension"]')
    expect(send.mock.calls[1]![2]!.requestId).not.toBe(send.mock.calls[0]![2]!.requestId)
  })

  it('sends the priority category chosen before the service', async () => {
    send.mockResolvedValue(ok({ categoryId: 'veterans' }))
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-testid="kiosk-priority"]')
    const sheet = kiosk.wrapper.find('[data-testid="kiosk-priority-sheet"]')
    expect(sheet.findAll('[data-category]').map((b) => b.attributes('data-category'))).toEqual([
      'disability',
      'veterans',
    ])
    await kiosk.tap('[data-category="veterans"]')
    expect(kiosk.wrapper.find('[data-testid="kiosk-priority-sheet"]').exists()).toBe(false)
    expect(kiosk.wrapper.find('[data-testid="kiosk-priority"]').text()).toBe('Санат: Ардагерлер')
    await kiosk.tap('[data-group="documents"]')
    await kiosk.tap('[data-service="id-card"]')
    expect(send.mock.calls[0]![1]).toEqual({ serviceId: 'id-card', categoryId: 'veterans' })
  })

  it('offers Print in a browser and prints nothing by itself', async () => {
    send.mockResolvedValue(ok())
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    expect(print).not.toHaveBeenCalled()
    await kiosk.tap('[data-testid="kiosk-print"]')
    expect(print).toHaveBeenCalledTimes(1)
    vi.unstubAllGlobals()
  })

  it('prints by itself through the Electron bridge, once, with the ticket in the chosen language', async () => {
    const printTicket = vi.fn().mockResolvedValue({ ok: true })
    window.kezek = {
      appInfo: vi.fn().mockResolvedValue({
        role: 'kiosk',
        hubUrl: 'http://192.168.1.10:8080',
        deviceId: 'kiosk-1',
        deviceKey: 'key-from-the-shell-000',
        version: '0.1.0',
        electron: '41',
      }),
      printTicket,
    }
    send.mockResolvedValue(ok())
    const kiosk = await mountKiosk({ paired: false })
    expect(connect).toHaveBeenCalledWith(
      { role: 'device', deviceId: 'kiosk-1', key: 'key-from-the-shell-000' },
      { url: 'http://192.168.1.10:8080' },
    )
    await kiosk.tap('[data-language="ru"]')
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    expect(printTicket).toHaveBeenCalledTimes(1)
    expect(printTicket.mock.calls[0]![0]).toEqual({
      number: 'A007',
      centreName: 'Тестовый ЦОН',
      serviceName: 'Справка о судимости',
      issuedAt: TICKET.issuedAt,
      ahead: 3,
      windows: 1,
      estimateMinutes: 12,
      estimateLow: 8,
      estimateHigh: 18,
      trackUrl: `${location.origin}/t/track-token-000000000007`,
      language: 'ru',
      bookedFor: null,
    })
    expect(kiosk.wrapper.find('[data-testid="kiosk-print"]').exists()).toBe(false)
  })

  it('does not print on a printer the shell says is out of paper: the screen is the ticket, and says why', async () => {
    const printTicket = vi.fn().mockResolvedValue({ ok: true })
    window.kezek = {
      appInfo: vi.fn().mockResolvedValue({
        role: 'kiosk',
        hubUrl: 'http://192.168.1.10:8080',
        deviceId: 'kiosk-1',
        deviceKey: 'key-from-the-shell-000',
        version: '0.1.0',
        electron: '',
        shell: 'chromium',
      }),
      printTicket,
      printerState: vi.fn().mockResolvedValue('paper-out'),
      onPrinterState: vi.fn(() => () => undefined),
    }
    send.mockResolvedValue(ok())
    const kiosk = await mountKiosk({ paired: false })
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    expect(printTicket).not.toHaveBeenCalled()
    const notice = kiosk.wrapper.find('[data-testid="kiosk-unprinted"]')
    expect(notice.attributes('data-printer')).toBe('paper-out')
    expect(notice.text()).toBe(
      'Принтерде қағаз таусылды: талоныңыз осы экранда. Кодты суретке түсіріңіз немесе нөміріңізді жазып алыңыз.',
    )
    expect(kiosk.wrapper.find('[data-testid="kiosk-ticket-number"]').text()).toBe('A007')
    expect(kiosk.wrapper.find('[data-testid="kiosk-qr"]').exists()).toBe(true)
  })

  it('tells the administrator how to pair a kiosk that has no credentials, in all three languages', async () => {
    const kiosk = await mountKiosk({ paired: false })
    expect(connect).not.toHaveBeenCalled()
    const text = kiosk.wrapper.find('.device-error').text()
    expect(text).toContain('Құрылғы тіркелмеген')
    expect(text).toContain('Устройство не подключено')
    expect(text).toContain('This device is not paired')
    expect(text).toContain('/kiosk?device=<id>&key=<key>')
  })

  it('forgets credentials the hub refuses and says so', async () => {
    const kiosk = await mountKiosk()
    useConnectionStore(pinia).refusal = {
      code: 'unauthenticated',
      message: 'unknown device or wrong device key',
    }
    await flushPromises()
    expect(kiosk.wrapper.find('.device-error').attributes('data-problem')).toBe('invalid')
    expect(localStorage.getItem('kezek.device')).toBeNull()
  })
})

describe('kiosk idle reset', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  })

  it('after 60 s without a touch returns home in Kazakh with nothing of the last person', async () => {
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-language="en"]')
    await kiosk.tap('[data-testid="kiosk-large-text"]')
    await kiosk.tap('[data-testid="kiosk-priority"]')
    await kiosk.tap('[data-category="disability"]')
    await kiosk.tap('[data-group="certificates"]')
    expect(kiosk.wrapper.find('.services-title').text()).toBe('Choose a service')
    expect(document.documentElement.classList.contains('kiosk-large')).toBe(true)

    await vi.advanceTimersByTimeAsync(59_000)
    expect(kiosk.wrapper.find('.services-title').exists()).toBe(true)
    await vi.advanceTimersByTimeAsync(1_500)
    await flushPromises()

    const w = kiosk.wrapper
    expect(w.find('.services-title').exists()).toBe(false)
    expect(w.find('.home-prompt').text()).toBe('Қызмет түрін таңдаңыз')
    expect(w.find('[data-language="kk"]').attributes('aria-pressed')).toBe('true')
    expect(w.find('[data-testid="kiosk-priority"]').text()).toBe('Жеңілдік санаты')
    expect(w.find('[data-testid="kiosk-large-text"]').attributes('aria-pressed')).toBe('false')
    expect(document.documentElement.classList.contains('kiosk-large')).toBe(false)
    expect(document.documentElement.lang).toBe('kk')
  })

  it('a touch anywhere starts the minute again', async () => {
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-language="ru"]')
    await vi.advanceTimersByTimeAsync(50_000)
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await vi.advanceTimersByTimeAsync(50_000)
    await flushPromises()
    expect(kiosk.wrapper.find('[data-language="ru"]').attributes('aria-pressed')).toBe('true')
    await vi.advanceTimersByTimeAsync(11_000)
    await flushPromises()
    expect(kiosk.wrapper.find('[data-language="kk"]').attributes('aria-pressed')).toBe('true')
  })

  it('leaves the ticket screen after 15 s, counting down', async () => {
    send.mockResolvedValue(ok())
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-group="certificates"]')
    await kiosk.tap('[data-service="no-criminal-record"]')
    const w = kiosk.wrapper
    expect(w.find('.ticket-countdown').text()).toBe('15 секундтан кейін басты бетке оралады')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(w.find('.ticket-countdown').text()).toBe('10 секундтан кейін басты бетке оралады')
    await vi.advanceTimersByTimeAsync(10_500)
    await flushPromises()
    expect(w.find('[data-testid="kiosk-ticket-number"]').exists()).toBe(false)
    expect(w.find('.home-prompt').exists()).toBe(true)
  })
})
