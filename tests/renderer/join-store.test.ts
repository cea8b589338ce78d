/**
 * The `/join` page's steps against a stand-in hub: the code is checked with the join itself, so a wrong
 * code brings the citizen back to the code step; a service refused meanwhile brings them back to the
 * list as it is now; a lost answer is asked again with the same request id; the phone is forgotten once
 * the ticket is made; a cancel with its own request id.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useJoinStore } from '../../src-renderer/stores/join'

interface Sent {
  url: string
  body: Record<string, unknown> | null
}

function fakeHub(answers: (object | Error | { status: number; body: object })[]) {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', async (url: string, init: { body?: string }) => {
    sent.push({ url, body: init.body ? (JSON.parse(init.body) as Record<string, unknown>) : null })
    const next = answers.shift()
    if (!next) throw new Error(`no answer left for ${url}`)
    if (next instanceof Error) throw next
    const { status, body } = 'status' in next ? next : { status: 200, body: next }
    return new Response(JSON.stringify(body), { status })
  })
  return sent
}

const SERVICE = {
  id: 'no-criminal-record',
  name: { kk: 'a', ru: 'a' },
  group: { id: 'g', name: { kk: 'g', ru: 'g' } },
  expectedMinutes: 10,
  estimate: { ahead: 2, windows: 1, minutes: 12, low: 8, high: 18 },
  refusal: null,
}
const CATALOGUE = {
  centre: { name: { kk: 'c', ru: 'c' }, address: null, timeZone: 'Asia/Almaty' },
  travel: { choices: [15, 30, 45, 60], defaultMinutes: 30, maxMinutes: 120 },
  notify: { channels: ['sms'], telegramBot: null },
  services: [SERVICE],
}
const SENT = {
  challengeId: 'ch1',
  phoneMasked: '+7 (701) ***-**-78',
  expiresAt: 1,
  resendAt: 1,
  attemptsLeft: 3,
  now: 1,
}
const JOINED = {
  ticket: { number: 'A012', code: 'K7M42Q', status: 'expected' },
  trackToken: 'tok',
  trackPath: '/t/tok?lang=kk',
}
const problem = (status: number, code: string, path: string) => ({
  status,
  body: { code, detail: code, errors: [{ path, message: code }] },
})

async function atTravelStep(answers: Parameters<typeof fakeHub>[0]) {
  const sent = fakeHub([CATALOGUE, SENT, ...answers])
  const join = useJoinStore()
  await join.load()
  expect(join.travelMinutes).toBe(30)
  join.chooseService(SERVICE as never)
  await join.sendCode('+77012345678')
  join.enterCode('123456')
  expect(join.step).toBe('travel')
  join.travelMinutes = 15
  join.notify = ['sms']
  return { join, sent }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('join store', () => {
  it('joins with everything the steps gathered, then forgets the phone', async () => {
    const { join, sent } = await atTravelStep([JOINED])
    await join.join('ru')
    expect(join.step).toBe('done')
    expect(sent.at(-1)!.body).toMatchObject({
      challengeId: 'ch1',
      code: '123456',
      phone: '+77012345678',
      serviceId: 'no-criminal-record',
      travelMinutes: 15,
      notify: ['sms'],
      language: 'ru',
    })
    expect(join.phone).toBe('')
    expect(join.joined?.ticket.number).toBe('A012')
  })

  it('a wrong code: back to the code step, with one attempt fewer', async () => {
    const { join } = await atTravelStep([problem(422, 'code_wrong', 'body.code')])
    await join.join('kk')
    expect(join.step).toBe('code')
    expect(join.problem?.code).toBe('code_wrong')
    expect(join.challenge?.attemptsLeft).toBe(2)
  })

  it('the service refused meanwhile: back to the list, as it is now', async () => {
    const { join, sent } = await atTravelStep([
      problem(409, 'remote_join_full', 'body.serviceId'),
      { ...CATALOGUE, services: [{ ...SERVICE, refusal: 'remote_join_full' }] },
    ])
    await join.join('kk')
    expect(join.step).toBe('service')
    expect(join.problem?.code).toBe('remote_join_full')
    expect(join.catalogue?.services[0]!.refusal).toBe('remote_join_full')
    expect(sent.at(-1)!.url).toBe('/api/join/services')
    // A refused service cannot be chosen.
    join.chooseService(join.catalogue!.services[0]!)
    expect(join.step).toBe('service')
  })

  it('no answer: asked again with the same request id; a cancel has its own', async () => {
    const { join, sent } = await atTravelStep([new TypeError('network'), JOINED, { cancelled: true }])
    await join.join('kk')
    expect(join.problem?.code).toBe('offline')
    await join.join('kk')
    const [first, second] = sent.slice(-2)
    expect(second!.body!.requestId).toBe(first!.body!.requestId)
    await join.cancel()
    expect(join.cancelled).toBe(true)
    expect(sent.at(-1)!.url).toBe('/api/join/tickets/tok/cancel')
    expect(sent.at(-1)!.body!.requestId).not.toBe(first!.body!.requestId)
  })
})
