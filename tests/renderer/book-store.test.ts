import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useBookStore } from '../../src-renderer/stores/book'

interface Sent {
  url: string
  body: Record<string, unknown> | null
}

/** The hub as the page sees it: each call answered by the next of `answers` (an Error: no answer at all). */
function fakeHub(answers: (object | Error | { status: number; body: object })[]) {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', async (url: string, init: { body?: string }) => {
    sent.push({ url, body: init.body ? (JSON.parse(init.body) as Record<string, unknown>) : null })
    const next = answers.shift()
    if (!next) throw new Error(`no answer left for ${url}`)
    if (next instanceof Error) throw next
    const { status, body } = 'status' in next ? next : { status: 200, body: next }
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json' },
    })
  })
  return sent
}

const SERVICE = {
  id: 'id-card-passport',
  name: { kk: 'a', ru: 'a' },
  group: { id: 'g', name: { kk: 'g', ru: 'g' } },
  expectedMinutes: 15,
}
const SLOT = {
  start: '2026-12-07T04:00:00.000Z',
  end: '2026-12-07T04:15:00.000Z',
  localTime: '09:00',
  free: 1,
}
const SENT = {
  challengeId: 'ch1',
  phoneMasked: '+7 (701) ***-**-78',
  expiresAt: 1,
  resendAt: 1,
  attemptsLeft: 3,
  now: 1,
}
const MADE = { booking: { id: 'b1', code: 'K7M42Q' }, manageToken: 't', managePath: '/book/manage/t?lang=kk' }

/** A store at the code step: service, day, time chosen and the code sent. */
async function atCodeStep(answers: Parameters<typeof fakeHub>[0]) {
  const sent = fakeHub([{ days: [{ day: '2026-12-07', free: 1 }] }, { slots: [SLOT] }, SENT, ...answers])
  const book = useBookStore()
  await book.chooseService(SERVICE as never)
  await book.chooseDay('2026-12-07')
  book.chooseSlot(SLOT)
  await book.sendCode('871008401427', '+77012345678')
  expect(book.step).toBe('code')
  return { book, sent }
}

const bookings = (sent: Sent[]) => sent.filter((s) => s.url === '/api/book/bookings')

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('the booking page store', () => {
  it('asks again with the same request id after no answer, and keeps no IIN or phone once booked', async () => {
    const { book, sent } = await atCodeStep([new TypeError('network down'), MADE])
    await book.confirm('123456', 'kk')
    expect(book.problem?.code).toBe('offline')
    await book.confirm('123456', 'kk')
    expect(book.step).toBe('done')
    const [first, retry] = bookings(sent)
    expect(retry!.body!.requestId).toBe(first!.body!.requestId)
    expect(first!.body).toMatchObject({ iin: '871008401427', phone: '+77012345678', challengeId: 'ch1' })
    expect(book.iin).toBe('')
    expect(book.phone).toBe('')
  })

  it('a refusal ends the action: the next try is a new request; a full slot goes back to the times', async () => {
    const refused = { status: 409, body: { code: 'slot_full', errors: [{ path: 'body.slotStart' }] } }
    const { book, sent } = await atCodeStep([
      { status: 422, body: { code: 'code_wrong', errors: [{ path: 'body.code' }] } },
      refused,
      { slots: [] },
    ])
    await book.confirm('111111', 'kk')
    expect(book.problem).toMatchObject({ code: 'code_wrong', field: 'body.code' })
    expect(book.challenge?.attemptsLeft).toBe(2)
    await book.confirm('123456', 'kk')
    const [first, second] = bookings(sent)
    expect(second!.body!.requestId).not.toBe(first!.body!.requestId)
    expect(book.step).toBe('time')
    expect(book.problem?.code).toBe('slot_full')
    expect(book.slots).toEqual([])
  })

  it('sends the ticked channels with the booking (none unless ticked), and forgets them on a new booking', async () => {
    const offer = { channels: ['sms', 'telegram'], telegramBot: 'KezekDemoBot' }
    fakeHub([
      {
        centre: { name: { kk: 'c' }, address: null, timeZone: 'Asia/Almaty' },
        horizonDays: 14,
        notify: offer,
        services: [SERVICE],
      },
    ])
    const loaded = useBookStore()
    await loaded.load()
    expect(loaded.notifyOffer).toEqual(offer)
    expect(loaded.notify).toEqual([])

    const { book, sent } = await atCodeStep([MADE])
    book.notify = ['sms']
    await book.confirm('123456', 'kk')
    expect(bookings(sent)[0]!.body!.notify).toEqual(['sms'])
    book.restart()
    expect(book.notify).toEqual([])
  })
})
