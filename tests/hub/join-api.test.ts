/**
 * The `/join` page's API on a real hub (the demo centre, its remote queue on for three services, an SMS
 * gateway that keeps what it sends, consents in memory): what can be joined now and why not, a one-time
 * code and the join, a retry after a lost answer, every refusal named by its field and changing nothing,
 * the ticket and its cancel by the tracker token, and no phone in the centre's log.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TrackView } from '../../src-shared/protocol'
import type { SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { apiRequest, type ApiAnswer, type ProblemBody } from '../support/api-client'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { MemoryConsents } from '../support/notify-fakes'

const SERVICE = 'no-criminal-record'
let hub: TestHub
let consultant: TestClient
const sms: SmsMessage[] = []
const consents = new MemoryConsents()
let addressCount = 10
const nextAddress = () => `127.0.0.${addressCount++}`

beforeAll(async () => {
  hub = await startTestHub({
    hubOptions: {
      registration: {
        sms: {
          async send(message) {
            sms.push(message)
          },
        },
      },
      notifyConsents: consents,
      telegramBotUsername: 'KezekDemoBot',
    },
  })
  consultant = await hub.staffClient('consultant1')
})

afterAll(async () => {
  await hub?.close()
})

interface Sent {
  challengeId: string
  phoneMasked: string
}

interface Joined {
  ticket: { number: string; serviceId: string; status: string; code: string; ahead: number; windows: number }
  trackToken: string
  trackPath: string
}

interface Catalogue {
  travel: { choices: number[]; defaultMinutes: number; maxMinutes: number }
  notify: { channels: string[]; telegramBot: string | null }
  services: {
    id: string
    refusal: string | null
    estimate: { ahead: number; windows: number; minutes: number | null }
  }[]
}

const get = <B>(path: string, from?: string) => apiRequest<B>(hub.url, `/api/join${path}`, { from })
const post = <B>(path: string, body: unknown, from?: string) =>
  apiRequest<B>(hub.url, `/api/join${path}`, { method: 'POST', body, from })

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

function refusalOf(answer: ApiAnswer<unknown>) {
  const body = answer.body as ProblemBody
  expect(answer.headers['content-type']).toBe('application/problem+json')
  return { status: answer.status, code: body.code, fields: (body.errors ?? []).map((e) => e.path) }
}

const ticketCount = () => Object.keys(hub.hub.engine.state.tickets).length
const storedLog = () =>
  ((hub.store as SqliteEventStore).db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n')

function joinBody(sent: Sent, phone: string, extra: Record<string, unknown> = {}) {
  return {
    requestId: randomUUID(),
    challengeId: sent.challengeId,
    code: codeSentTo(phone),
    phone,
    serviceId: SERVICE,
    travelMinutes: 30,
    notify: ['sms'],
    language: 'ru',
    ...extra,
  }
}

describe('what can be joined from home', () => {
  it('lists the services the centre lets one join, each with its wait, or why not now', async () => {
    const closed = await get<Catalogue>('/services')
    expect(closed.status).toBe(200)
    expect(closed.body.services.map((s) => s.id)).toEqual(hub.config.remoteQueue!.services)
    expect(closed.body.services[0]).toMatchObject({ refusal: 'no_window_serves', estimate: { windows: 0 } })
    expect(closed.body.travel).toEqual({ choices: [15, 30, 45, 60], defaultMinutes: 30, maxMinutes: 120 })
    expect(closed.body.notify).toEqual({ channels: ['sms', 'telegram'], telegramBot: 'KezekDemoBot' })

    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    const open = await get<Catalogue>('/services')
    expect(open.body.services[0]).toMatchObject({
      id: SERVICE,
      refusal: null,
      estimate: { ahead: 0, windows: 1, minutes: 0 },
    })
  })
})

describe('joining with a one-time code', () => {
  it('joins as the citizen with the code from the SMS; the phone only in the vault, consent recorded', async () => {
    const phone = '+77012345611'
    const from = nextAddress()
    const sent = await requestCode('8 701 234 56 11', from)
    expect(sent.phoneMasked).not.toContain('2345611')
    expect(sms.at(-1)!.text).toMatch(/ХҚО кезегіне онлайн тұру.*Онлайн-очередь в ЦОН/)

    const body = joinBody(sent, phone)
    const answer = await post<Joined>('/tickets', body, from)
    expect(answer.status, answer.text).toBe(201)
    const { ticket, trackToken, trackPath } = answer.body
    expect(ticket).toMatchObject({ serviceId: SERVICE, status: 'expected', windows: 1 })
    expect(ticket.code).toMatch(/^[2-9A-Z]{6}$/)
    expect(trackPath).toBe(`/t/${trackToken}?lang=ru`)
    const stored = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === ticket.number)!
    expect(stored.remote).toMatchObject({ channel: 'web', travelMinutes: 30, code: ticket.code })
    expect(await hub.hub.vault.entries.open(stored.remote!.phoneId)).toEqual({ kind: 'phone', value: phone })
    expect(await consents.channelsOf(stored.remote!.phoneId)).toEqual(['sms'])

    // The answer was lost: the same request again gives the same ticket, and makes no other.
    const count = ticketCount()
    const again = await post<Joined>('/tickets', body, from)
    expect(again.status).toBe(201)
    expect(again.body.ticket.number).toBe(ticket.number)
    expect(ticketCount()).toBe(count)

    const seen = await get<Joined>(`/tickets/${trackToken}?lang=kk`, from)
    expect(seen.body).toMatchObject({ ticket: { number: ticket.number, status: 'expected' } })
    expect(storedLog()).not.toContain('2345611')

    // One ticket at a time per phone: told before a new code is spent.
    const second = await requestCode(phone, from)
    const limited = await post('/tickets', joinBody(second, phone), from)
    expect(refusalOf(limited)).toEqual({ status: 409, code: 'remote_phone_limit', fields: ['body.phone'] })
    expect(ticketCount()).toBe(count)
  })
})

describe('refusals change nothing and name the field', () => {
  it('bad fields are named, and the code stays usable', async () => {
    const phone = '+77012345622'
    const from = nextAddress()
    const sent = await requestCode(phone, from)
    const count = ticketCount()
    const bad = await post(
      '/tickets',
      joinBody(sent, phone, { serviceId: '', travelMinutes: -1, notify: ['pigeon'], code: 'abc' }),
      from,
    )
    expect(refusalOf(bad)).toMatchObject({
      status: 400,
      code: 'validation_failed',
      fields: expect.arrayContaining(['body.serviceId', 'body.travelMinutes', 'body.notify.0', 'body.code']),
    })

    const notRemote = await post('/tickets', joinBody(sent, phone, { serviceId: 'id-card-passport' }), from)
    expect(refusalOf(notRemote)).toEqual({ status: 409, code: 'remote_join_off', fields: ['body.serviceId'] })
    const tooFar = await post('/tickets', joinBody(sent, phone, { travelMinutes: 200 }), from)
    expect(refusalOf(tooFar)).toEqual({
      status: 400,
      code: 'invalid_payload',
      fields: ['body.travelMinutes'],
    })
    const noWindow = await post('/tickets', joinBody(sent, phone, { serviceId: 'old-age-pension' }), from)
    expect(refusalOf(noWindow)).toEqual({ status: 409, code: 'no_window_serves', fields: ['body.serviceId'] })
    const otherPhone = await post('/tickets', { ...joinBody(sent, phone), phone: '+77012345623' }, from)
    expect(refusalOf(otherPhone)).toEqual({ status: 422, code: 'validation_failed', fields: ['body.phone'] })
    const wrong = await post('/tickets', { ...joinBody(sent, phone), code: '000000' }, from)
    expect(refusalOf(wrong)).toEqual({ status: 422, code: 'code_wrong', fields: ['body.code'] })
    expect(ticketCount()).toBe(count)
    expect(await hub.hub.vault.entries.find('phone', phone)).toBeUndefined()

    // The right code still works after all that.
    const answer = await post<Joined>('/tickets', joinBody(sent, phone, { notify: [] }), from)
    expect(answer.status, answer.text).toBe(201)
    const phoneId = (await hub.hub.vault.entries.find('phone', phone))!
    expect(await consents.channelsOf(phoneId)).toEqual([])
  })

  it('refuses a channel the hub does not offer', async () => {
    const other = await startTestHub({ hubOptions: { notifyConsents: consents } })
    try {
      const services = await apiRequest<Catalogue>(other.url, '/api/join/services')
      expect(services.body.notify).toEqual({ channels: ['sms'], telegramBot: null })
      const body = {
        ...joinBody({ challengeId: 'x', phoneMasked: '' }, '+77012345611'),
        notify: ['telegram'],
      }
      const answer = await apiRequest(other.url, '/api/join/tickets', { method: 'POST', body })
      expect(refusalOf(answer)).toEqual({ status: 400, code: 'validation_failed', fields: ['body.notify'] })
    } finally {
      await other.close()
    }
  })
})

describe('the ticket by its tracker token', () => {
  it('cancels it with the token; another token is not a link, a walk-in ticket is not cancelled', async () => {
    const phone = '+77012345633'
    const from = nextAddress()
    const joined = (await post<Joined>('/tickets', joinBody(await requestCode(phone, from), phone), from))
      .body
    const kiosk = await hub.deviceClient('kiosk-1')
    const walkIn = expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE })).ticket

    const wrong = await post(`/tickets/${joined.trackToken}x/cancel`, { requestId: randomUUID() }, from)
    expect(refusalOf(wrong)).toEqual({ status: 404, code: 'ticket_link_invalid', fields: ['path.token'] })
    const notRemote = await post(`/tickets/${walkIn.trackToken}/cancel`, { requestId: randomUUID() }, from)
    expect(refusalOf(notRemote).code).toBe('ticket_link_invalid')
    expect(hub.hub.engine.state.tickets[walkIn.id]!.status).toBe('waiting')
    const noId = await post(`/tickets/${joined.trackToken}/cancel`, {}, from)
    expect(refusalOf(noId).fields).toEqual(['body.requestId'])

    const cancelled = await post(`/tickets/${joined.trackToken}/cancel`, { requestId: randomUUID() }, from)
    expect(cancelled.status, cancelled.text).toBe(200)
    const seen = await get<Joined>(`/tickets/${joined.trackToken}`, from)
    expect(seen.body.ticket.status).toBe('cancelled')
    const again = await post(`/tickets/${joined.trackToken}/cancel`, { requestId: randomUUID() }, from)
    expect(again.status).toBe(409)
  })
})

describe('the tracker of a remote ticket', () => {
  it('shows the code and the wait as if in the hall until check-in, then the ticket as any waiting one', async () => {
    const phone = '+77012345644'
    const from = nextAddress()
    const joined = (await post<Joined>('/tickets', joinBody(await requestCode(phone, from), phone), from))
      .body
    const tracker = await hub.trackerClient(joined.trackToken)
    const first = await tracker.waitFor<TrackView>('track:updated')
    expect(first).toMatchObject({
      number: joined.ticket.number,
      status: 'expected',
      windows: 1,
      remote: { code: joined.ticket.code, phase: 'expected', checkInBy: null },
    })
    expect(first.estimateMinutes).not.toBeNull()

    const kiosk = await hub.deviceClient('kiosk-1')
    expectOk(await kiosk.command('booking:check-in', { code: joined.ticket.code }))
    const waiting = await tracker.waitFor<TrackView>('track:updated', (view) => view.status === 'waiting')
    expect(waiting.remote).toBeUndefined()
    expect(waiting.ahead).not.toBeNull()
  })
})
