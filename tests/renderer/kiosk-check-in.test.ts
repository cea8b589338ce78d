// @vitest-environment happy-dom
/**
 * A booked citizen checks in at the kiosk by typing the code on the on-screen keys: "I have a booking"
 * when the centre takes bookings, the code's alphabet only, the code shown as K7M-42Q, the ticket with
 * its booked time; and what the kiosk says, in kk/ru/en, when the hub refuses.
 */
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { centreConfigSchema, publicConfig, type Language } from '../../src-shared/config'
import type { RefusalDetails } from '../../src-shared/domain'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { setLanguage } from '../../src-renderer/i18n'
import { BOOKED, checkedIn, deliverBookedTicket, press, refused, SLOT_10_15 } from './kiosk-check-in-fixtures'
import { testConfig } from './fixtures'
import { mountKioskFace, offline } from './kiosk-fixtures'

const DAY_MS = 24 * 60 * 60_000

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

type Kiosk = Awaited<ReturnType<typeof mountKiosk>>

/** Home → "I have a booking" → the code's keys (typing is not counted as touches). */
async function typeCode(kiosk: Kiosk, code: string) {
  await kiosk.tap('[data-testid="kiosk-booking"]')
  for (const key of code) await kiosk.wrapper.get(`[data-key="${key}"]`).trigger('click')
  await flushPromises()
}

const outcome = (w: VueWrapper) => w.find('[data-testid="kiosk-booking-outcome"]')
const outcomeText = (w: VueWrapper) => ({
  title: w.get('#booking-outcome-title').text(),
  body: w.findAll('[data-testid="kiosk-booking-outcome-body"] p').map((p) => p.text()),
})

beforeEach(() => {
  localStorage.clear()
  send.mockReset()
  delete window.kezek
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setLanguage('kk')
})

describe('check-in by typing the booking code', () => {
  it('learns from the hub whether the centre takes bookings (with the schedule staff lay slots out by)', () => {
    const base = testConfig()
    const config = centreConfigSchema.parse({
      ...base,
      centre: { ...base.centre, openingHours: { ...base.centre.openingHours, mon: [['09:00', '18:00']] } },
      bookings: {
        enabled: true,
        schedule: [{ days: ['mon'], from: '09:00', to: '12:00', desks: ['desk-2'] }],
        services: { 'id-card': { slotMinutes: 20 } },
      },
    })
    expect(publicConfig(config).bookings).toMatchObject({
      enabled: true,
      services: { 'id-card': { slotMinutes: 20 } },
    })
    expect(publicConfig(base)).not.toHaveProperty('bookings')
  })

  it('offers "I have a booking" only when the centre takes bookings', async () => {
    const without = await mountKiosk(false)
    expect(without.wrapper.find('[data-testid="kiosk-booking"]').exists()).toBe(false)
    without.wrapper.unmount()

    const kiosk = await mountKiosk()
    expect(kiosk.wrapper.get('[data-testid="kiosk-booking"]').text()).toContain('Жазылу не кезек коды')
  })

  it('has a key for each character of the code alphabet and nothing that looks alike', async () => {
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-testid="kiosk-booking"]')
    const keys = kiosk.wrapper.findAll('[data-key]').map((key) => key.text())
    expect(keys.join('')).toBe('23456789ABCDEFGHJKMNPQRSTVWXYZ')
    for (const lookAlike of ['0', 'O', '1', 'I', 'L', 'U']) expect(keys).not.toContain(lookAlike)
  })

  it('shows the code as K7M-42Q, erases, takes six characters, and checks in in two touches', async () => {
    send.mockImplementation(async () => {
      setTimeout(() => deliverBookedTicket(kiosk.pinia))
      return checkedIn()
    })
    const kiosk = await mountKiosk()
    await typeCode(kiosk, 'K7M4')
    const w = kiosk.wrapper
    const code = () => w.get('[data-testid="kiosk-booking-code"]')
    expect(code().text().replace(/\s/g, '')).toBe('K7M-4')
    expect(w.get('[data-testid="kiosk-booking-check-in"]').attributes('disabled')).toBeDefined()

    await w.get('[data-testid="kiosk-booking-erase"]').trigger('click')
    for (const key of '42QZ') await w.get(`[data-key="${key}"]`).trigger('click')
    expect(code().attributes('aria-label')).toBe('K7M-42Q') // the seventh key is not taken
    expect(code().text().replace(/\s/g, '')).toBe('K7M-42Q')

    await kiosk.tap('[data-testid="kiosk-booking-check-in"]')
    expect(kiosk.touches).toBe(2)
    expect(send).toHaveBeenCalledTimes(1)
    const [type, fields, options] = send.mock.calls[0]!
    expect(type).toBe('booking:check-in')
    expect(fields).toEqual({ code: 'K7M42Q' })
    expect(options?.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)

    expect(w.get('[data-testid="kiosk-ticket-number"]').text()).toBe(BOOKED.number)
    // The booked time comes with the fact that follows the ack: on screen, and on paper in kk and ru.
    await vi.waitFor(
      () => expect(w.get('[data-testid="kiosk-ticket-booked-for"]').text()).toBe('Жазылу уақыты: 10:15'),
      { timeout: 15_000 },
    )
    expect(w.findAll('[data-testid="kiosk-print-booked-for"] span').map((s) => s.text())).toEqual([
      'Жазылу уақыты: 10:15',
      'Запись на 10:15',
    ])
  })

  it('a keyboard types into the code entry too, and Enter checks in', async () => {
    send.mockResolvedValue(checkedIn())
    const kiosk = await mountKiosk()
    await kiosk.tap('[data-testid="kiosk-booking"]')
    // A person at a keyboard: slow, lower case, one mistake erased.
    let at = 1_000
    for (const key of ['k', '7', 'm', 'x', 'Backspace', '4', '2', 'q']) press(key, (at += 400))
    await flushPromises()
    expect(kiosk.wrapper.get('[data-testid="kiosk-booking-code"]').attributes('aria-label')).toBe('K7M-42Q')
    press('Enter', at + 400)
    await flushPromises()
    expect(send).toHaveBeenCalledWith('booking:check-in', { code: 'K7M42Q' }, expect.anything())
    expect(kiosk.wrapper.find('[data-testid="kiosk-ticket-number"]').exists()).toBe(true)
  })

  it('"try again" after no answer sends the same check-in with the same request id', async () => {
    send.mockResolvedValueOnce(offline).mockResolvedValueOnce(checkedIn())
    const kiosk = await mountKiosk()
    await typeCode(kiosk, 'K7M42Q')
    await kiosk.tap('[data-testid="kiosk-booking-check-in"]')
    expect(kiosk.wrapper.find('[data-testid="kiosk-error"]').exists()).toBe(true)
    await kiosk.tap('[data-testid="kiosk-retry"]')
    expect(send.mock.calls.map((call) => call[0])).toEqual(['booking:check-in', 'booking:check-in'])
    expect(send.mock.calls[1]![2]?.requestId).toBe(send.mock.calls[0]![2]?.requestId)
    expect(kiosk.wrapper.get('[data-testid="kiosk-ticket-number"]').text()).toBe(BOOKED.number)
  })
})

describe('what the kiosk says when the hub refuses a check-in', () => {
  const TOO_EARLY = 'booking K7M42Q can check in from 10:05'
  /** The refusal's details: the 10:15 slot, whose check-in opens at 10:05 (`days` later than today). */
  const early = (days = 0) => ({
    serviceId: 'id-card',
    slotStart: SLOT_10_15 + days * DAY_MS,
    opensAt: SLOT_10_15 + days * DAY_MS - 10 * 60_000,
  })
  const expected: Record<
    Language,
    { early: string[]; earlyTitle: string; late: string; unknown: string[]; used: string }
  > = {
    kk: {
      earlyTitle: 'Растауға әлі ерте',
      early: [
        'Сіздің жазылуыңыз: 10:15. Растау басталатын уақыт: 10:05.',
        'Сол уақытта киоскіге қайта келіңіз.',
      ],
      late: 'Жазылу уақыты өтіп кетті',
      unknown: ['Мұндай кодпен жазылу жоқ.', 'Кодты тексеріп, қайталап көріңіз.'],
      used: 'Бұл жазылу пайдаланылған',
    },
    ru: {
      earlyTitle: 'Ещё рано',
      early: ['Ваша запись на 10:15. Подтвердить приход можно с 10:05.', 'Подойдите к киоску в это время.'],
      late: 'Время вашей записи прошло',
      unknown: ['Записи с таким кодом нет.', 'Проверьте код и попробуйте ещё раз.'],
      used: 'Эта запись уже использована',
    },
    en: {
      earlyTitle: 'It is too early to check in',
      early: ['Your booking is at 10:15. Check in from 10:05.', 'Please come back to the kiosk then.'],
      late: 'The time for your booking has passed',
      unknown: ['No booking with this code.', 'Check the code and try again.'],
      used: 'This booking has already been used',
    },
  }

  async function refusedIn(language: Language, code: string, message = '', details?: RefusalDetails) {
    send.mockResolvedValue(refused(code, message, details))
    const kiosk = await mountKiosk()
    await kiosk.tap(`[data-language="${language}"]`)
    await typeCode(kiosk, 'K7M42Q')
    await kiosk.tap('[data-testid="kiosk-booking-check-in"]')
    return kiosk
  }

  it.each(['kk', 'ru', 'en'] as const)('too early (%s): the booked time and when to come', async (lang) => {
    const kiosk = await refusedIn(lang, 'booking_too_early', TOO_EARLY, early())
    const w = kiosk.wrapper
    expect(outcome(w).attributes('data-outcome')).toBe('early')
    expect(outcomeText(w)).toEqual({ title: expected[lang].earlyTitle, body: expected[lang].early })
    expect(w.find('[data-testid="kiosk-ticket-number"]').exists()).toBe(false)
    await kiosk.tap('[data-testid="kiosk-booking-close"]')
    expect(outcome(w).exists()).toBe(false)
    expect(w.find('.home-groups').exists()).toBe(true)
  })

  it.each(['kk', 'ru', 'en'] as const)(
    'too late (%s): a ticket in the general queue instead',
    async (lang) => {
      const kiosk = await refusedIn(lang, 'booking_too_late', 'the check-in for K7M42Q closed')
      const w = kiosk.wrapper
      expect(outcomeText(w).title).toBe(expected[lang].late)
      await kiosk.tap('[data-testid="kiosk-booking-walk-in"]')
      // The service groups, in the citizen's language, one touch from a ticket.
      expect(w.find('[data-group="certificates"]').exists()).toBe(true)
      expect(w.get('[data-language="' + lang + '"]').attributes('aria-pressed')).toBe('true')
    },
  )

  it.each(['kk', 'ru', 'en'] as const)('unknown code (%s): check it and try again', async (lang) => {
    const kiosk = await refusedIn(lang, 'unknown_booking', 'no booking with the code K7M42Q')
    const w = kiosk.wrapper
    expect(outcomeText(w).body).toEqual(expected[lang].unknown)
    expect(w.get('.booking-outcome-code').text()).toContain('K7M-42Q')
    // Over the code entry; "enter the code again" keeps it to correct one character.
    expect(w.find('[data-testid="kiosk-booking-entry"]').exists()).toBe(true)
    await kiosk.tap('[data-testid="kiosk-booking-edit"]')
    expect(outcome(w).exists()).toBe(false)
    expect(w.get('[data-testid="kiosk-booking-code"]').attributes('aria-label')).toBe('K7M-42Q')
  })

  it.each(['kk', 'ru', 'en'] as const)('already used (%s)', async (lang) => {
    const kiosk = await refusedIn(lang, 'booking_closed', 'booking K7M42Q is already checked in')
    expect(outcomeText(kiosk.wrapper).title).toBe(expected[lang].used)
  })

  it.each([
    ['kk', 'Сіздің жазылуыңыз: 11 наурыз, сейсенбі, 10:15. Сол күні 10:05 бастап келіңіз.'],
    ['ru', 'Ваша запись: 11 марта, вторник, 10:15. Приходите в этот день, подтвердить приход можно с 10:05.'],
    ['en', 'Your booking is on Tuesday, 11 March at 10:15. Come that day: check-in opens at 10:05.'],
  ] as const)('too early for another day (%s): the date is said, not only the time', async (lang, text) => {
    const kiosk = await refusedIn(lang, 'booking_too_early', `${TOO_EARLY} on 2025-03-11`, early(1))
    expect(outcomeText(kiosk.wrapper).body).toEqual([text])
  })

  it('too early without times in its details still says so, in words (the message is not read)', async () => {
    const kiosk = await refusedIn('en', 'booking_too_early', TOO_EARLY)
    expect(outcomeText(kiosk.wrapper).body).toEqual([
      'It is too early to check in for this booking: come closer to its time.',
    ])
  })
})
