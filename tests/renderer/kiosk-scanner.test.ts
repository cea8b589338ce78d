// @vitest-environment happy-dom
/**
 * The barcode scanner at the kiosk: it types like a keyboard, fast, then Enter. A burst checks the
 * booking in at once from anywhere on the home screen (or the code entry); slow typing on the home
 * screen is ignored; a link in the booking's QR is taken to its code.
 */
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { bookingCodeIn, formatBookingCode, tooEarlyTimes } from '../../src-renderer/kiosk/booking-code'
import { ScannerBurst, typedChar } from '../../src-renderer/kiosk/scanner-burst'
import { BOOKED, checkedIn, press, typeKeys } from './kiosk-check-in-fixtures'
import { mountKioskFace } from './kiosk-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  connectHub: vi.fn(),
  disconnectHub: vi.fn(),
  sendCommand: vi.fn(),
}))

const send = vi.mocked(sendCommand)
let wrapper: VueWrapper | null = null

async function mountKiosk(bookings = true) {
  const kiosk = await mountKioskFace({ bookings })
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

describe('reading a scan', () => {
  it('a burst of six or more characters ended by Enter is a scan; slow or short input is not', () => {
    const burst = new ScannerBurst()
    const feed = (text: string, start: number, gap: number) => {
      let at = start
      for (const char of text) burst.char(char, (at += gap))
      return burst.enter(at + gap)
    }
    expect(feed('K7M42Q', 0, 8)).toBe('K7M42Q')
    expect(feed('K7M42Q', 1_000, 250)).toBeNull() // a person typing
    expect(feed('K7M42', 5_000, 8)).toBeNull() // too short
    // A pause inside: only what came after it counts.
    for (const [char, at] of [
      ['X', 9_000],
      ['K', 9_500],
    ] as const)
      burst.char(char, at)
    expect(feed('7M42Q', 9_500, 8)).toBe('K7M42Q')
    // Enter long after the burst is a person pressing Enter.
    for (const [i, char] of [...'K7M42Q'].entries()) burst.char(char, 20_000 + i * 5)
    expect(burst.enter(21_000)).toBeNull()
  })

  it('reads letters and digits from the key, not the layout', () => {
    expect(typedChar({ key: 'л', code: 'KeyK' })).toBe('K') // a Russian layout
    expect(typedChar({ key: '7', code: 'Numpad7' })).toBe('7')
    expect(typedChar({ key: '/', code: 'Slash' })).toBe('/')
    expect(typedChar({ key: 'Shift', code: 'ShiftLeft' })).toBeNull()
  })

  it('takes the code, or a link ending in it, to the last six-character code', () => {
    expect(bookingCodeIn('K7M42Q')).toBe('K7M42Q')
    expect(bookingCodeIn('k7m-42q')).toBe('K7M42Q')
    expect(bookingCodeIn('https://kezek.kz/book/K7M42Q')).toBe('K7M42Q')
    expect(bookingCodeIn('HTTPS://KEZEK.KZ/BOOK/MANAGE/K7M-42Q?LANG=KK')).toBe('K7M42Q')
    expect(bookingCodeIn('https://egov.kz/b?code=ABCDEF&x=K7M42Q')).toBe('K7M42Q')
    expect(bookingCodeIn('https://kezek.kz/t/track-token')).toBeNull()
    expect(bookingCodeIn('K0M42Q')).toBeNull() // 0 is no code character
    expect(formatBookingCode('K7M42Q')).toBe('K7M-42Q')
    // The refusal's details, in the centre's zone: Monday 10 March 2025, 10:15 in Almaty.
    const slotStart = Date.UTC(2025, 2, 10, 5, 15)
    const details = { serviceId: 'id-card', slotStart, opensAt: slotStart - 20 * 60_000 }
    expect(tooEarlyTimes(details, 'Asia/Almaty', slotStart - 60 * 60_000)).toEqual({
      opens: '09:55',
      slot: '10:15',
      day: null,
    })
    // A booking for another day (seen the evening before): the day is said too.
    expect(tooEarlyTimes(details, 'Asia/Almaty', slotStart - 14 * 60 * 60_000)).toEqual({
      opens: '09:55',
      slot: '10:15',
      day: '2025-03-10',
    })
    // No times in the details: null (the message is never read).
    expect(tooEarlyTimes({ serviceId: 'id-card' }, 'Asia/Almaty', slotStart)).toBeNull()
    expect(tooEarlyTimes(undefined, 'Asia/Almaty', slotStart)).toBeNull()
  })
})

describe('the scanner at the kiosk', () => {
  it('ignores ordinary slow typing on the home screen', async () => {
    send.mockResolvedValue(checkedIn())
    const kiosk = await mountKiosk()
    typeKeys('K7M42Q', 1_000, 180)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    expect(kiosk.wrapper.find('.home-groups').exists()).toBe(true)
    expect(kiosk.wrapper.find('[data-testid="kiosk-booking-outcome"]').exists()).toBe(false)
  })

  it('checks the booking in at once from a burst and Enter on the home screen, no touch', async () => {
    send.mockResolvedValue(checkedIn())
    const kiosk = await mountKiosk()
    typeKeys('K7M42Q', 1_000, 12)
    await flushPromises()
    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0]!.slice(0, 2)).toEqual(['booking:check-in', { code: 'K7M42Q' }])
    expect(kiosk.touches).toBe(0)
    expect(kiosk.wrapper.get('[data-testid="kiosk-ticket-number"]').text()).toBe(BOOKED.number)
  })

  it('takes a link in the QR to its code', async () => {
    send.mockResolvedValue(checkedIn())
    await mountKiosk()
    typeKeys('https://kezek.kz/book/K7M-42Q?lang=kk', 1_000, 5)
    await flushPromises()
    expect(send).toHaveBeenCalledWith('booking:check-in', { code: 'K7M42Q' }, expect.anything())
  })

  it('works on a Kazakh or Russian keyboard layout (the keys, not their letters)', async () => {
    send.mockResolvedValue(checkedIn())
    await mountKiosk()
    let at = 1_000
    for (const [key, code] of [
      ['л', 'KeyK'],
      ['7', 'Digit7'],
      ['ь', 'KeyM'],
      ['4', 'Digit4'],
      ['2', 'Digit2'],
      ['й', 'KeyQ'],
    ])
      press(key!, (at += 10), code)
    press('Enter', at + 10)
    await flushPromises()
    expect(send).toHaveBeenCalledWith('booking:check-in', { code: 'K7M42Q' }, expect.anything())
  })

  it('in the code entry, a scan replaces what was typed and checks in', async () => {
    send.mockResolvedValue(checkedIn())
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-testid="kiosk-booking"]')
    await kiosk.wrapper.get('[data-key="A"]').trigger('click')
    typeKeys('K7M42Q', 5_000, 10)
    await flushPromises()
    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0]![1]).toEqual({ code: 'K7M42Q' })
  })

  it('a scan that holds no booking code says so, without asking the hub', async () => {
    const kiosk = await mountKiosk()
    typeKeys('https://kezek.kz/t/abcdefghijklmnop', 1_000, 5)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    const outcome = kiosk.wrapper.get('[data-testid="kiosk-booking-outcome"]')
    expect(outcome.attributes('data-outcome')).toBe('unknown')
    expect(outcome.text()).toContain('Мұндай кодпен жазылу жоқ.')
  })

  it('does nothing where the centre takes no bookings, or away from home', async () => {
    send.mockResolvedValue(checkedIn())
    const without = await mountKiosk(false)
    typeKeys('K7M42Q', 1_000, 10)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
    without.wrapper.unmount()

    const kiosk = await mountKiosk()
    await kiosk.tap('[data-group="certificates"]')
    typeKeys('K7M42Q', 2_000, 10)
    await flushPromises()
    expect(send).not.toHaveBeenCalled()
  })
})
