/**
 * Issue 14 on `/book`: the booking page offers the notifications `/join` offers, and a booking takes the
 * ticked ones. On a hub with notifications on (the real notifier, its SQLite consents, an SMS gateway
 * that keeps what it sends): ticking SMS grants consent for the confirmed phone and "booking confirmed"
 * reaches it; ticking nothing grants nothing and sends nothing; a channel the centre does not offer is
 * refused naming `body.notify`, before the code is spent, with nothing made; a retry after a lost answer
 * gets the same booking and one consent, kept from the first time, and one SMS.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingIndexOf, daySlots, localDay } from '../../src-shared/domain'
import { iinCheckDigit } from '../../src-shared/kz/iin'
import { apiRequest, type ApiAnswer, type ProblemBody } from '../support/api-client'
import { startTestHub, type TestHub } from '../support/hub-harness'
import { MemoryConsents } from '../support/notify-fakes'
import { PASSPORT, startNotifyHub, type NotifyHub } from '../support/notify-hub'

const DAY = 24 * 60 * 60_000
const WAIT = { timeout: 15_000 }
/** "Booked for …" in the language the notifier chose. */
const CONFIRMED = /жазылдыңыз|записаны|booked/i

let hub: NotifyHub
let addressCount = 10
const nextAddress = () => `127.0.1.${addressCount++}`

beforeAll(async () => {
  hub = await startNotifyHub({ hubOptions: { telegramBotUsername: 'KezekDemoBot' } })
})

afterAll(async () => {
  await hub?.close()
})

interface Sent {
  challengeId: string
}
interface Made {
  booking: { id: string; code: string }
}

const post = <B>(url: string, path: string, body: unknown, from?: string) =>
  apiRequest<B>(url, `/api/book${path}`, { method: 'POST', body, from })

function iinBorn(day: number): string {
  const first11 = `8507${String(day).padStart(2, '0')}40023`.split('').map(Number).slice(0, 11)
  const check = iinCheckDigit(first11)
  return check === null ? iinBorn(day + 1) : `${first11.join('')}${check}`
}

/** The first free slot of the passport service `ahead` days on, at least. */
function freeSlot(target: Pick<TestHub, 'hub' | 'config'>, ahead: number) {
  const index = bookingIndexOf(target.hub.engine.state)
  const now = target.hub.engine.now()
  for (let day = ahead; day < 14; day++) {
    const local = localDay(now + day * DAY, target.config.centre.timeZone)
    for (const slot of daySlots(target.config, PASSPORT, local, { now }))
      if (index.placesTaken(PASSPORT, slot.start) < slot.capacity) return slot.start
  }
  throw new Error('no free slot')
}

function codeIn(texts: string[]): string {
  const code = /Код (\d{6})/.exec(texts.at(-1) ?? '')?.[1]
  if (!code) throw new Error('no code was sent')
  return code
}

function refusalOf(answer: ApiAnswer<unknown>) {
  const body = answer.body as ProblemBody
  expect(answer.headers['content-type']).toBe('application/problem+json')
  return { status: answer.status, code: body.code, fields: (body.errors ?? []).map((e) => e.path) }
}

/** A code to `phone` and the booking body with it (the code read from the SMS). */
async function bodyFor(phone: string, iin: string, slotStart: number, notify: unknown, from: string) {
  const sent = await post<Sent>(hub.url, '/codes', { phone }, from)
  expect(sent.status, sent.text).toBe(201)
  return {
    requestId: randomUUID(),
    challengeId: sent.body.challengeId,
    code: codeIn(hub.sms.sent.filter((m) => m.to === phone).map((m) => m.text)),
    iin,
    phone,
    serviceId: PASSPORT,
    slotStart: new Date(slotStart).toISOString(),
    notify,
    language: 'ru',
  }
}

const confirmedTo = (phone: string) => hub.sms.sent.filter((m) => m.to === phone && CONFIRMED.test(m.text))
const bookingCount = () => Object.keys(hub.hub.engine.state.bookings).length

describe('/book offers the notifications /join offers', () => {
  it('lists the same channels and bot in both catalogues', async () => {
    const book = await apiRequest<{ notify: unknown }>(hub.url, '/api/book/services')
    const join = await apiRequest<{ notify: unknown }>(hub.url, '/api/join/services')
    expect(book.body.notify).toEqual({ channels: ['sms', 'telegram'], telegramBot: 'KezekDemoBot' })
    expect(book.body.notify).toEqual(join.body.notify)
  })

  it('ticked SMS: consent for the confirmed phone, and "booking confirmed" reaches it by SMS', async () => {
    const phone = '+77015550201'
    const from = nextAddress()
    const body = await bodyFor(phone, iinBorn(1), freeSlot(hub, 1), ['sms'], from)
    const answer = await post<Made>(hub.url, '/bookings', body, from)
    expect(answer.status, answer.text).toBe(201)
    const phoneId = (await hub.hub.vault.entries.find('phone', phone))!
    expect(await hub.hub.notifier.consents.channelsOf(phoneId)).toEqual(['sms'])
    await expect.poll(() => confirmedTo(phone).length, WAIT).toBe(1)
    const text = confirmedTo(phone)[0]!.text
    expect(text).toContain(answer.body.booking.code.slice(0, 3))
    expect(text).not.toMatch(/7015550201|\d{12}/)
  })

  it('nothing ticked: no consent, and no notification goes', async () => {
    const phone = '+77015550202'
    const from = nextAddress()
    const body = await bodyFor(phone, iinBorn(2), freeSlot(hub, 1), [], from)
    const answer = await post<Made>(hub.url, '/bookings', body, from)
    expect(answer.status, answer.text).toBe(201)
    const phoneId = (await hub.hub.vault.entries.find('phone', phone))!
    expect(await hub.hub.notifier.consents.channelsOf(phoneId)).toEqual([])
    // The notifier has handled the booking's fact (its outbox cursor passed it) and made nothing for it.
    const seq = hub.hub.engine.state.seq
    await expect
      .poll(async () => (await hub.hub.notifier.records.cursor()) ?? 0, WAIT)
      .toBeGreaterThanOrEqual(seq)
    expect(hub.sms.sent.filter((m) => m.to === phone).map((m) => m.text)).toHaveLength(1) // the code only
  })

  it('refuses a channel named twice or not one, naming body.notify; nothing made, the code still good', async () => {
    const phone = '+77015550203'
    const from = nextAddress()
    const body = await bodyFor(phone, iinBorn(3), freeSlot(hub, 2), ['sms', 'sms'], from)
    const count = bookingCount()
    const twice = await post(hub.url, '/bookings', body, from)
    expect(refusalOf(twice)).toEqual({ status: 400, code: 'validation_failed', fields: ['body.notify'] })
    const pigeon = await post(hub.url, '/bookings', { ...body, notify: ['pigeon'] }, from)
    expect(refusalOf(pigeon)).toEqual({ status: 400, code: 'validation_failed', fields: ['body.notify.0'] })
    expect(bookingCount()).toBe(count)
    expect(await hub.hub.vault.entries.find('phone', phone)).toBeUndefined()

    const answer = await post<Made>(hub.url, '/bookings', { ...body, notify: ['telegram'] }, from)
    expect(answer.status, answer.text).toBe(201)
  })
})

describe('a centre without a bot', () => {
  it('offers SMS only and refuses Telegram before the code is spent; a retry grants once', async () => {
    const consents = new MemoryConsents()
    const clock = { now: Date.now() }
    const sms: { to: string; text: string }[] = []
    const other = await startTestHub({
      now: () => clock.now,
      hubOptions: {
        notifyConsents: consents,
        registration: { sms: { send: async (message) => void sms.push(message) } },
      },
    })
    try {
      const catalogue = await apiRequest<{ notify: unknown }>(other.url, '/api/book/services')
      expect(catalogue.body.notify).toEqual({ channels: ['sms'], telegramBot: null })

      const phone = '+77015550204'
      const from = nextAddress()
      const sent = await post<Sent>(other.url, '/codes', { phone }, from)
      const body = {
        requestId: randomUUID(),
        challengeId: sent.body.challengeId,
        code: codeIn(sms.filter((m) => m.to === phone).map((m) => m.text)),
        iin: iinBorn(4),
        phone,
        serviceId: PASSPORT,
        slotStart: new Date(freeSlot(other, 1)).toISOString(),
        notify: ['telegram'],
        language: 'kk',
      }
      const refused = await post(other.url, '/bookings', body, from)
      expect(refusalOf(refused)).toEqual({ status: 400, code: 'validation_failed', fields: ['body.notify'] })
      expect(Object.keys(other.hub.engine.state.bookings)).toHaveLength(0)

      const first = await post<Made>(other.url, '/bookings', { ...body, notify: ['sms'] }, from)
      expect(first.status, first.text).toBe(201)
      const phoneId = (await other.hub.vault.entries.find('phone', phone))!
      const grantedAt = consents.granted.get(phoneId)?.get('sms')
      expect(grantedAt).toBe(clock.now)

      // The answer was lost; the page sends the same request a minute later: the same booking, one consent.
      clock.now += 60_000
      const again = await post<Made>(other.url, '/bookings', { ...body, notify: ['sms'] }, from)
      expect(again.status, again.text).toBe(201)
      expect(again.body.booking.id).toBe(first.body.booking.id)
      expect(Object.keys(other.hub.engine.state.bookings)).toHaveLength(1)
      expect([...consents.granted.get(phoneId)!.entries()]).toEqual([['sms', grantedAt]])
    } finally {
      await other.close()
    }
  })
})
