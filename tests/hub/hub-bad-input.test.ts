/**
 * Whatever a client sends, the hub answers with a stable error code, changes nothing, and keeps serving:
 * malformed payloads, unknown ids, impossible transitions, the wrong role, oversized or unknown messages.
 * Also the sign-in endpoint's refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../src-shared/domain'
import type { Ack } from '../../src-shared/protocol'
import { expectOk, requestId, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'

let hub: TestHub
let kiosk: TestClient
let display: TestClient
/** Holds desk 1, with nothing in hand. */
let consultant1: TestClient
/** Holds no desk. */
let consultant2: TestClient
/** A ticket that is waiting. */
let waitingId: string

beforeAll(async () => {
  hub = await startTestHub()
  kiosk = await hub.deviceClient('kiosk-1')
  display = await hub.deviceClient('display-1')
  consultant1 = await hub.staffClient('consultant1')
  consultant2 = await hub.staffClient('consultant2')
  waitingId = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket.id
  expectOk(await consultant1.command('desk:open', { deskId: 'desk-1' }))
})

afterAll(async () => {
  await hub.close()
})

type Sender = 'kiosk' | 'display' | 'consultant1' | 'consultant2'

interface BadCase {
  name: string
  from: Sender
  event: string
  payload: () => unknown
  code: ErrorCode
}

function bad(name: string, from: Sender, event: string, payload: () => unknown, code: ErrorCode): BadCase {
  return { name, from, event, payload, code }
}

const rid = () => requestId()
/** A payload with a fresh request id and these fields. */
const fields = (extra: Record<string, unknown>) => () => ({ requestId: rid(), ...extra })
const issue = (extra: Record<string, unknown>) => fields({ serviceId: 'no-criminal-record', ...extra })
/** A payload about the waiting ticket (its id is known only once the hub has issued it). */
const waiting =
  (extra: Record<string, unknown> = {}) =>
  () => ({ requestId: rid(), ticketId: waitingId, ...extra })
const desk = (deskId: string) => fields({ deskId })

const cases: BadCase[] = [
  // malformed
  bad('a payload that is a string', 'kiosk', 'ticket:issue', () => 'A001', 'invalid_payload'),
  bad('a null payload', 'kiosk', 'ticket:issue', () => null, 'invalid_payload'),
  bad('an array payload', 'kiosk', 'ticket:issue', () => [rid(), 'no-criminal-record'], 'invalid_payload'),
  bad('a missing service', 'kiosk', 'ticket:issue', fields({}), 'invalid_payload'),
  bad('a missing request id', 'kiosk', 'ticket:issue', () => ({ serviceId: 'A' }), 'invalid_payload'),
  bad('a numeric service id', 'kiosk', 'ticket:issue', issue({ serviceId: 42 }), 'invalid_payload'),
  bad('a numeric category', 'kiosk', 'ticket:issue', issue({ categoryId: 7 }), 'invalid_payload'),
  bad('a booking time as text', 'kiosk', 'ticket:issue', issue({ bookedFor: 'tomorrow' }), 'invalid_payload'),
  bad('an unknown field', 'kiosk', 'ticket:issue', issue({ priority: 'high' }), 'invalid_payload'),
  bad('a too short request id', 'kiosk', 'ticket:issue', issue({ requestId: 'abc' }), 'invalid_payload'),
  bad(
    'a request id with spaces',
    'kiosk',
    'ticket:issue',
    issue({ requestId: 'ticket please' }),
    'invalid_payload',
  ),
  bad('a numeric request id', 'kiosk', 'ticket:issue', issue({ requestId: 12345678 }), 'invalid_payload'),
  bad('postponing by zero', 'consultant1', 'ticket:postpone', waiting({ by: 0 }), 'invalid_payload'),
  bad('no desk for call-next', 'consultant1', 'ticket:call-next', fields({}), 'invalid_payload'),
  // unknown ids
  bad('an unknown service', 'kiosk', 'ticket:issue', issue({ serviceId: 'lottery-win' }), 'unknown_service'),
  bad('an unknown category', 'kiosk', 'ticket:issue', issue({ categoryId: 'vip' }), 'unknown_category'),
  bad('an unknown desk', 'consultant2', 'desk:open', desk('desk-99'), 'unknown_desk'),
  bad('an unknown ticket', 'consultant1', 'ticket:finish', fields({ ticketId: 'nope' }), 'unknown_ticket'),
  bad(
    'a transfer to nowhere',
    'consultant1',
    'ticket:transfer',
    waiting({ serviceId: 'x' }),
    'unknown_service',
  ),
  // wrong state
  bad('finishing a waiting ticket', 'consultant1', 'ticket:finish', waiting(), 'invalid_transition'),
  bad('recalling a waiting ticket', 'consultant1', 'ticket:recall', waiting(), 'invalid_transition'),
  bad('a no-show for a waiting ticket', 'consultant1', 'ticket:no-show', waiting(), 'invalid_transition'),
  bad('calling at a closed desk', 'consultant2', 'ticket:call-next', desk('desk-2'), 'desk_closed'),
  bad('resuming a desk that is open', 'consultant1', 'desk:resume', desk('desk-1'), 'invalid_transition'),
  // wrong role
  bad('a kiosk calling', 'kiosk', 'ticket:call-next', desk('desk-1'), 'forbidden'),
  bad('a kiosk opening a desk', 'kiosk', 'desk:open', desk('desk-2'), 'forbidden'),
  bad('a display issuing', 'display', 'ticket:issue', issue({}), 'forbidden'),
  bad('a display cancelling', 'display', 'ticket:cancel', waiting(), 'forbidden'),
  bad("calling at another's desk", 'consultant2', 'ticket:call-next', desk('desk-1'), 'not_your_desk'),
  bad("closing another's desk", 'consultant2', 'desk:close', desk('desk-1'), 'not_your_desk'),
  bad("taking another's open desk", 'consultant2', 'desk:open', desk('desk-1'), 'desk_taken'),
  // size and names
  bad(
    'a payload over 4 KiB',
    'kiosk',
    'ticket:issue',
    issue({ note: 'x'.repeat(5000) }),
    'payload_too_large',
  ),
  // 2,100 Kazakh letters are 4,200 bytes of UTF-8: over the limit, though under 4,096 characters.
  bad(
    'over 4 KiB of Cyrillic',
    'kiosk',
    'ticket:issue',
    issue({ note: 'ә'.repeat(2100) }),
    'payload_too_large',
  ),
  bad('an unknown command', 'consultant1', 'ticket:explode', waiting(), 'unknown_command'),
  bad('sync:since with a negative seq', 'display', 'sync:since', () => ({ seq: -1 }), 'invalid_payload'),
]

function client(from: Sender): TestClient {
  return { kiosk, display, consultant1, consultant2 }[from]
}

/** Proves the hub still works: a kiosk gets the next ticket, one event later. */
async function expectHubServes(seqBefore: number): Promise<void> {
  const next = expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' }))
  expect(next.seq).toBe(seqBefore + 1)
}

describe('a bad command', () => {
  it.each(cases)(
    '$name ($event from $from) → $code, nothing changes',
    async ({ from, event, payload, code }) => {
      const sender = client(from)
      const seq = (await hub.health()).seq
      const ack = await sender.send<Ack>(event, payload())
      expect(ack).toMatchObject({ ok: false, error: { code } })
      expect(ack.ok === false && ack.error.message.length > 0).toBe(true)
      await hub.hub.engine.idle()
      expect((await hub.health()).seq).toBe(seq)
      expect(sender.socket.connected).toBe(true)
      await expectHubServes(seq)
    },
  )

  it('without an ack callback is ignored, and the hub stays up', async () => {
    const seq = (await hub.health()).seq
    kiosk.emitWithoutAck('ticket:issue', { requestId: rid(), serviceId: 'no-criminal-record' })
    // A round trip on the same connection: the hub has read the command before it answers this.
    expect(await kiosk.syncSince(seq)).toMatchObject({ ok: true, seq })
    await hub.hub.engine.idle()
    expect((await hub.health()).seq).toBe(seq)
    expect(kiosk.socket.connected).toBe(true)
    await expectHubServes(seq)
  })

  it('too big for Socket.IO itself costs the sender its connection, not the hub', async () => {
    const reckless = await hub.deviceClient('kiosk-2')
    const seq = (await hub.health()).seq
    const gone = reckless.disconnected()
    reckless.emitWithoutAck('ticket:issue', issue({ note: 'x'.repeat(100 * 1024) })())
    await gone
    expect((await hub.health()).seq).toBe(seq)
    await expectHubServes(seq)
  })
})

describe('POST /api/sessions refuses', () => {
  const post = (body: string | Record<string, unknown>) =>
    fetch(`${hub.url}/api/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('a wrong password with 401', async () => {
    const response = await post({ login: 'consultant1', password: 'not-the-password' })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('an unknown login with the same 401', async () => {
    const response = await post({ login: 'nobody', password: 'kezek-demo-1' })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } })
  })

  it('malformed JSON with 400', async () => {
    const response = await post('{"login": "consultant1", "password": ')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_payload' } })
  })

  it('JSON of the wrong shape with 400', async () => {
    const response = await post({ login: 42, password: ['kezek-demo-1'] })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_payload' } })
  })

  it('a body over 4 KiB with 413', async () => {
    const response = await post({ login: 'consultant1', password: 'x'.repeat(5000) })
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } })
  })

  it('the sixth attempt after five failures with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await post({ login: 'admin', password: `guess-${i}` })).status).toBe(401)
    }
    const locked = await post({ login: 'admin', password: 'kezek-demo-admin' })
    expect(locked.status).toBe(429)
    expect(await locked.json()).toMatchObject({ error: { code: 'rate_limited' } })
    const retryAfter = Number(locked.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 15 * 60).toBe(true)
    // Another login from the same place is not locked out with it.
    expect(await hub.signIn('supervisor')).toMatch(/^[A-Za-z0-9_-]{40,}$/)
  })

  it('a burst of parallel guesses like sequential ones: five get 401, the rest 429, the right one too', async () => {
    const guesses = Array.from({ length: 12 }, (_, i) => post({ login: 'registrar', password: `guess-${i}` }))
    const right = post({ login: 'registrar', password: 'kezek-demo-registrar' })
    const statuses = (await Promise.all([...guesses, right])).map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(8)
    expect(statuses.at(-1)).toBe(429)
  })
})

describe('the HTTP API refuses', () => {
  it('a method it does not know with 405 and Allow', async () => {
    const response = await fetch(`${hub.url}/api/sessions`)
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST, DELETE')
    expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } })
  })

  it('a path it does not have with 404', async () => {
    const response = await fetch(`${hub.url}/api/tickets`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})
