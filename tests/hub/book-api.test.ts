/**
 * The `/book` page's API on a real hub (the demo centre, a movable clock, an SMS gateway that keeps what
 * it sends): what can be booked, a one-time code and the booking, a retry after a lost answer, every
 * refusal named by its field and changing nothing, the code rules, the manage link (view, calendar file,
 * reschedule, cancel), and no IIN or phone in the centre's log or the hub's log lines.
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingIndexOf, daySlots, localDay } from '../../src-shared/domain'
import { iinCheckDigit } from '../../src-shared/kz/iin'
import { createLogger } from '../../src-main/hub/logger'
import type { SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { apiRequest, type ApiAnswer, type ProblemBody } from '../support/api-client'
import { startTestHub, type TestHub } from '../support/hub-harness'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const SERVICE = 'id-card-passport'
/** Valid IINs of people born on the 1st–28th of May 1990, one per test that books. */
const IINS = Array.from({ length: 28 }, (_, i) => iinBorn(i + 1)).filter((iin) => iin !== null)

function iinBorn(day: number): string | null {
  const first11 = `9005${String(day).padStart(2, '0')}30012`.split('').map(Number).slice(0, 11)
  const check = iinCheckDigit(first11)
  return check === null ? null : `${first11.join('')}${check}`
}

let hub: TestHub
const clock = { now: Date.now() }
const sms: SmsMessage[] = []
const logLines: string[] = []
/** Each test books from its own address, so the per-address limits of one do not reach the next. */
let addressCount = 10
const nextAddress = () => `127.0.0.${addressCount++}`

beforeAll(async () => {
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk))
        done()
      },
    }),
  })
  hub = await startTestHub({
    now: () => clock.now,
    logger,
    hubOptions: {
      registration: {
        sms: {
          async send(message) {
            sms.push(message)
          },
        },
      },
    },
  })
})

afterAll(async () => {
  await hub?.close()
})

interface Sent {
  challengeId: string
  phoneMasked: string
  expiresAt: number
  resendAt: number
  attemptsLeft: number
}

interface Made {
  booking: { id: string; code: string; slotStart: string; status: string; serviceId: string }
  manageToken: string
  managePath: string
}

const get = <B>(path: string, from?: string) => apiRequest<B>(hub.url, `/api/book${path}`, { from })
const post = <B>(path: string, body: unknown, from?: string) =>
  apiRequest<B>(hub.url, `/api/book${path}`, { method: 'POST', body, from })

/** Free slots of the service on the days ahead, in time order. */
function slotsAhead(count: number): number[] {
  const starts: number[] = []
  const index = bookingIndexOf(hub.hub.engine.state)
  for (let ahead = 1; ahead < 14 && starts.length < count; ahead++) {
    const day = localDay(clock.now + ahead * DAY, hub.config.centre.timeZone)
    for (const slot of daySlots(hub.config, SERVICE, day, { now: clock.now }))
      if (index.placesTaken(SERVICE, slot.start) < slot.capacity) starts.push(slot.start)
  }
  return starts.slice(0, count)
}

/** The code of the last SMS sent to `phone` (E.164). */
function codeSentTo(phone: string): string {
  const text = sms.filter((m) => m.to === phone).at(-1)?.text ?? ''
  const code = /Код (\d{6})/.exec(text)?.[1]
  if (!code) throw new Error(`no code was sent to ${phone}`)
  return code
}

async function requestCode(phone: string, from: string): Promise<Sent> {
  const answer = await post<Sent>('/codes', { phone }, from)
  expect(answer.status, answer.text).toBe(201)
  return answer.body
}

function bookingBody(sent: Sent, fields: { phone: string; iin: string; slotStart: number; code: string }) {
  return {
    requestId: randomUUID(),
    challengeId: sent.challengeId,
    code: fields.code,
    iin: fields.iin,
    phone: fields.phone,
    serviceId: SERVICE,
    slotStart: new Date(fields.slotStart).toISOString(),
    language: 'ru',
  }
}

/** The refusal's code and the fields it names. */
function refusalOf(answer: ApiAnswer<unknown>) {
  const body = answer.body as ProblemBody
  expect(answer.headers['content-type']).toBe('application/problem+json')
  return { status: answer.status, code: body.code, fields: (body.errors ?? []).map((e) => e.path) }
}

const bookingCount = () => Object.keys(hub.hub.engine.state.bookings).length
const storedLog = () =>
  ((hub.store as SqliteEventStore).db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n')

/** A booking made the whole way, from its own address: the answer, and the phone and IIN it used. */
async function book(phone: string, iin: string, slotStart: number) {
  const from = nextAddress()
  const sent = await requestCode(phone, from)
  const body = bookingBody(sent, { phone, iin, slotStart, code: codeSentTo(phone) })
  const answer = await post<Made>('/bookings', body, from)
  expect(answer.status, answer.text).toBe(201)
  return { made: answer.body, body, from }
}

describe('what a citizen can book', () => {
  it('lists the bookable services, the days ahead with free places, and the free slots of a day', async () => {
    const services = await get<{ services: { id: string; bookable: boolean }[]; horizonDays: number }>(
      '/services',
    )
    expect(services.status).toBe(200)
    expect(services.body.services.map((s) => s.id)).toEqual(Object.keys(hub.config.bookings!.services))
    expect(services.body.horizonDays).toBe(14)

    const days = await get<{ days: { day: string; free: number }[] }>(`/services/${SERVICE}/days`)
    expect(days.body.days).toHaveLength(15)
    const open = days.body.days.find((d) => d.free > 0)!
    const slots = await get<{ slots: { start: string; free: number }[] }>(
      `/services/${SERVICE}/slots?day=${open.day}`,
    )
    expect(slots.body.slots.reduce((sum, s) => sum + s.free, 0)).toBe(open.free)

    expect(refusalOf(await get(`/services/no-such/days`))).toEqual({
      status: 422,
      code: 'unknown_service',
      fields: ['path.serviceId'],
    })
    expect(refusalOf(await get(`/services/${SERVICE}/slots?day=2026-02-30`)).fields).toEqual(['query.day'])
  })
})

describe('booking with a one-time code', () => {
  it('books with the code from the SMS: a web booking by the citizen, IIN and phone only in the vault', async () => {
    const [slotStart] = slotsAhead(1)
    const phone = '+77012345601'
    const from = nextAddress()
    const sent = await requestCode('8 701 234 56 01', from)
    expect(sent.phoneMasked).not.toContain('2345601')
    expect(sms.at(-1)).toMatchObject({ to: phone })
    expect(sms.at(-1)!.text).toMatch(/ХҚО-ға жазылуды растау.*Подтверждение записи в ЦОН/)

    const body = bookingBody(sent, {
      phone: '8 701 234 56 01',
      iin: IINS[1]!,
      slotStart: slotStart!,
      code: codeSentTo(phone),
    })
    const answer = await post<Made>('/bookings', body, from)
    expect(answer.status, answer.text + logLines.join('')).toBe(201)
    const { booking, manageToken, managePath } = answer.body
    expect(booking.code).toMatch(/^[2-9A-Z]{6}$/)
    expect(managePath).toBe(`/book/manage/${manageToken}?lang=ru`)
    const stored = hub.hub.engine.state.bookings[booking.id]!
    expect(stored).toMatchObject({ channel: 'web', by: 'citizen:web', slotStart, status: 'booked' })
    expect(await hub.hub.vault.entries.open(stored.personId!)).toEqual({ kind: 'iin', value: IINS[1] })
    expect(await hub.hub.vault.entries.open(stored.phoneId!)).toEqual({ kind: 'phone', value: phone })

    // The answer was lost: the same request again gives the same booking, and makes no other.
    const count = bookingCount()
    const again = await post<Made>('/bookings', body, from)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(answer.body)
    expect(bookingCount()).toBe(count)

    // The code works once: another request on the same challenge is told the code is used.
    const other = await post('/bookings', { ...body, requestId: randomUUID() }, from)
    expect(refusalOf(other)).toEqual({ status: 404, code: 'challenge_unknown', fields: ['body.challengeId'] })
    expect(bookingCount()).toBe(count)
  })

  it('refuses bad fields and what the centre would refuse before the code is spent, changing nothing', async () => {
    const [slotStart, later] = slotsAhead(2)
    const phone = '+77012345602'
    const from = nextAddress()
    await book(phone, IINS[3]!, slotStart!)
    const sent = await requestCode(phone, from)
    const code = codeSentTo(phone)
    const valid = bookingBody(sent, { phone, iin: IINS[4]!, slotStart: later!, code })
    const before = { bookings: bookingCount(), sms: sms.length, log: storedLog() }

    const cases: [object, number, string, string][] = [
      [{ iin: '871008401428' }, 400, 'validation_failed', 'body.iin'],
      [{ phone: '+7 727 123 45 67' }, 400, 'validation_failed', 'body.phone'],
      [{ code: '12345' }, 400, 'validation_failed', 'body.code'],
      [{ serviceId: 'no-such-service' }, 422, 'unknown_service', 'body.serviceId'],
      [{ serviceId: 'no-criminal-record' }, 422, 'not_bookable', 'body.serviceId'],
      [{ slotStart: new Date(later! + 60_000).toISOString() }, 422, 'unknown_slot', 'body.slotStart'],
      [{ iin: IINS[3] }, 409, 'booking_exists', 'body.iin'],
      [{ phone: '+77012345699' }, 422, 'validation_failed', 'body.phone'],
      [{ extra: true }, 400, 'validation_failed', 'body.extra'],
    ]
    for (const [change, status, problem, field] of cases) {
      const answer = await post('/bookings', { ...valid, ...change }, from)
      expect(refusalOf(answer), JSON.stringify(change)).toEqual({ status, code: problem, fields: [field] })
    }
    // Another site's page, or a body not sent as JSON, is refused before any route reads it.
    const foreign = await apiRequest(hub.url, '/api/book/bookings', {
      method: 'POST',
      body: valid,
      headers: { Origin: 'https://evil.example' },
      from,
    })
    expect(refusalOf(foreign).code).toBe('cross_origin')
    const form = await apiRequest(hub.url, '/api/book/codes', {
      method: 'POST',
      body: 'phone=%2B77012345602',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      from,
    })
    expect(refusalOf(form).code).toBe('unsupported_media_type')
    const notJson = await apiRequest(hub.url, '/api/book/bookings', {
      method: 'POST',
      body: '{"requestId":',
      headers: { 'Content-Type': 'application/json' },
      from,
    })
    expect(refusalOf(notJson).code).toBe('invalid_json')
    expect({ bookings: bookingCount(), sms: sms.length, log: storedLog() }).toEqual(before)

    // None of them spent the code: the right request still books with it.
    const answer = await post<Made>('/bookings', valid, from)
    expect(answer.status, answer.text).toBe(201)
  })

  it('a wrong code three times ends the code; nothing is booked', async () => {
    const [slotStart] = slotsAhead(1)
    const phone = '+77012345603'
    const from = nextAddress()
    const sent = await requestCode(phone, from)
    const right = codeSentTo(phone)
    const wrong = right === '000000' ? '111111' : '000000'
    const body = bookingBody(sent, { phone, iin: IINS[6]!, slotStart: slotStart!, code: wrong })
    const count = bookingCount()
    const codes = []
    for (let i = 0; i < 3; i++)
      codes.push(refusalOf(await post('/bookings', { ...body, requestId: randomUUID() }, from)))
    expect(codes.map((c) => c.code)).toEqual(['code_wrong', 'code_wrong', 'attempts_exceeded'])
    expect(codes[0]!.fields).toEqual(['body.code'])
    const late = await post('/bookings', { ...body, code: right, requestId: randomUUID() }, from)
    expect(refusalOf(late).code).toBe('challenge_unknown')
    expect(bookingCount()).toBe(count)
  })

  it('a code expires after five minutes, and a new one comes no sooner than a minute after the last', async () => {
    const [slotStart] = slotsAhead(1)
    const phone = '+77012345604'
    const from = nextAddress()
    const sent = await requestCode(phone, from)
    const first = codeSentTo(phone)

    const soon = await post(`/codes/${sent.challengeId}/resend`, {}, from)
    expect(refusalOf(soon)).toEqual({ status: 429, code: 'resend_too_soon', fields: ['body.challengeId'] })
    expect(Number(soon.headers['retry-after'])).toBeGreaterThanOrEqual(59)

    clock.now += 61_000
    const resent = await post<Sent>(`/codes/${sent.challengeId}/resend`, {}, from)
    expect(resent.status, resent.text).toBe(200)
    expect(resent.body.challengeId).toBe(sent.challengeId)
    const second = codeSentTo(phone)

    clock.now += 5 * MINUTE + 1
    const count = bookingCount()
    const body = bookingBody(sent, { phone, iin: IINS[7]!, slotStart: slotStart!, code: second })
    const expired = await post('/bookings', body, from)
    expect(refusalOf(expired)).toEqual({ status: 422, code: 'code_expired', fields: ['body.code'] })
    expect(first).toMatch(/^\d{6}$/)
    expect(bookingCount()).toBe(count)
  })

  it('limits the codes one address may ask for', async () => {
    const from = nextAddress()
    const { burst } = hub.config.limits.bookPage.codes
    for (let i = 0; i < burst; i++) await requestCode(`+7701234${String(5700 + i)}`, from)
    const over = await post('/codes', { phone: '+77012345799' }, from)
    expect(refusalOf(over)).toEqual({ status: 429, code: 'rate_limited', fields: ['address'] })
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
  })
})

describe('the manage link', () => {
  it('shows the booking, gives its calendar file, moves it and cancels it; a wrong link is refused', async () => {
    const [slotStart, later] = slotsAhead(2)
    const { made, from } = await book('+77012345605', IINS[8]!, slotStart!)
    const token = made.manageToken

    const seen = await get<{ booking: { code: string; status: string } }>(`/manage/${token}`, from)
    expect(seen.status).toBe(200)
    expect(seen.body.booking).toMatchObject({ code: made.booking.code, status: 'booked' })

    const ics = await get<string>(`/manage/${token}/calendar.ics?lang=ru`, from)
    expect(ics.status).toBe(200)
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8')
    const lines = ics.text.split('\r\n')
    expect(ics.text.replace(/\r\n/g, '')).not.toContain('\n')
    expect(lines).toContain(`UID:${made.booking.id}@kezek`)
    const utc = (at: number) => new Date(at).toISOString().replace(/[-:]/g, '').replace('.000', '')
    expect(lines).toContain(`DTSTART:${utc(slotStart!)}`)
    expect(lines.every((line) => Buffer.byteLength(line) <= 75)).toBe(true)
    const unfolded = ics.text.replace(/\r\n /g, '')
    expect(unfolded).toMatch(
      new RegExp(
        `SUMMARY:Выдача удостоверений личности и паспортов · ${made.booking.code.slice(0, 3)}-${made.booking.code.slice(3)}`,
      ),
    )
    // The code as the page shows it, dashed, in the note too.
    expect(unfolded).toContain(
      `DESCRIPTION:Код записи: ${made.booking.code.slice(0, 3)}-${made.booking.code.slice(3)}.`,
    )
    expect(unfolded).toContain('LOCATION:Астана\\, ЦОН № 1\\, Астана\\, район Сарыарка')

    const forged = `${made.booking.id}~${'A'.repeat(32)}`
    const before = storedLog()
    for (const bad of [forged, 'not-a-token', `${made.booking.id}`]) {
      expect(refusalOf(await get(`/manage/${bad}`, from))).toEqual({
        status: 404,
        code: 'manage_link_invalid',
        fields: ['path.token'],
      })
      const cancel = await post(`/manage/${bad}/cancel`, { requestId: randomUUID() }, from)
      expect(refusalOf(cancel).code).toBe('manage_link_invalid')
    }
    expect(storedLog()).toBe(before)
    // Ten wrong links a minute lock the address out, the right link too, as wrong keys do.
    for (let i = 0; i < 4; i++) await get(`/manage/${forged}`, from)
    expect(refusalOf(await get(`/manage/${token}`, from))).toMatchObject({
      status: 429,
      code: 'rate_limited',
    })

    const elsewhere = nextAddress()
    const moved = await post<Made>(
      `/manage/${token}/reschedule?lang=en`,
      {
        requestId: randomUUID(),
        slotStart: new Date(later!).toISOString(),
      },
      elsewhere,
    )
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body.booking.id).not.toBe(made.booking.id)
    expect(moved.body.managePath).toBe(`/book/manage/${moved.body.manageToken}?lang=en`)
    expect(hub.hub.engine.state.bookings[made.booking.id]).toMatchObject({
      status: 'cancelled',
      reason: 'rescheduled',
    })
    // The old link shows the booking as moved and changes it no more.
    const old = await post(`/manage/${token}/cancel`, { requestId: randomUUID() }, elsewhere)
    expect(refusalOf(old).code).toBe('booking_closed')

    const requestId = randomUUID()
    const cancelled = await post(`/manage/${moved.body.manageToken}/cancel`, { requestId }, elsewhere)
    expect(cancelled.status).toBe(200)
    expect(hub.hub.engine.state.bookings[moved.body.booking.id]).toMatchObject({
      status: 'cancelled',
      reason: 'citizen',
    })
    const retried = await post(`/manage/${moved.body.manageToken}/cancel`, { requestId }, elsewhere)
    expect(retried.status).toBe(200)
  })

  it('a citizen changes only the booking its link names', async () => {
    const [slotStart] = slotsAhead(1)
    const { made } = await book('+77012345606', IINS[9]!, slotStart!)
    const other = Object.values(hub.hub.engine.state.bookings).find(
      (b) => b.id !== made.booking.id && b.status === 'booked',
    )!
    const ack = await hub.hub.engine.submit(
      'citizen:web',
      randomUUID(),
      { kind: 'citizen', bookingId: made.booking.id },
      {
        type: 'booking:cancel',
        bookingId: other.id,
        reason: 'citizen',
      },
    )
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

describe('privacy', () => {
  it('no IIN or phone number in the centre log or the hub log lines', () => {
    const written = storedLog() + logLines.join('')
    expect(bookingCount()).toBeGreaterThan(2)
    for (const iin of IINS) expect(written).not.toContain(iin)
    expect(written).not.toMatch(/7701234\d{4}/)
  })
})
