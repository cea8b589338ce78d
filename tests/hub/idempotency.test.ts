/**
 * The retry rules shared by the centre engine and the registration desk: fingerprints, the stored
 * answer's verdict and the requests in flight.
 */
import { describe, expect, it } from 'vitest'
import {
  answerFromStore,
  commandFingerprint,
  InflightRequests,
  keyedFingerprint,
  requestScope,
  reusedAck,
} from '../../src-main/hub/idempotency'

const KEY = Buffer.alloc(32, 7)
const ISSUE = { type: 'ticket:issue', serviceId: 'no-criminal-record' }

describe('fingerprints', () => {
  it('leave out nulls: an optional field sent as null is the field left out', () => {
    expect(commandFingerprint({ ...ISSUE, categoryId: null })).toBe(commandFingerprint(ISSUE))
    expect(keyedFingerprint(KEY, { ...ISSUE, categoryId: null })).toBe(keyedFingerprint(KEY, ISSUE))
    expect(commandFingerprint({ ...ISSUE, categoryId: 'disabled' })).not.toBe(commandFingerprint(ISSUE))
  })

  it('keyed ones depend on the key and are not the plain hash', () => {
    const payload = { type: 'registration:start', iin: '871008401427', phone: '8 701 234 56 78' }
    expect(keyedFingerprint(KEY, payload)).not.toBe(commandFingerprint(payload))
    expect(keyedFingerprint(KEY, payload)).not.toBe(keyedFingerprint(Buffer.alloc(32, 8), payload))
    expect(keyedFingerprint(KEY, payload)).toMatch(/^[\w-]{22}$/)
  })
})

describe('a stored answer', () => {
  const ack = { ok: true, seq: 4 }
  const stored = { ack: JSON.stringify(ack), fingerprint: 'abc' }

  it('answers a true retry with the first ack, another payload with request_id_reused', () => {
    expect(answerFromStore(undefined, 'abc', 'ticket:issue')).toBeUndefined()
    expect(answerFromStore(stored, 'abc', 'ticket:issue')).toEqual(ack)
    expect(answerFromStore(stored, 'xyz', 'ticket:issue')).toEqual(reusedAck('ticket:issue'))
    expect(reusedAck('ticket:issue')).toMatchObject({ ok: false, error: { code: 'request_id_reused' } })
  })

  it('without a fingerprint (an older row) is not compared', () => {
    expect(answerFromStore({ ack: stored.ack, fingerprint: null }, 'xyz', 'ticket:issue')).toEqual(ack)
  })
})

describe('requests in flight', () => {
  it('are joined by a retry, refused with another payload, forgotten once answered', async () => {
    const inflight = new InflightRequests<string>()
    const scope = requestScope('device:kiosk-1', 'ticket:issue')
    let answer!: (ack: string) => void
    const first = new Promise<string>((resolve) => (answer = resolve))
    expect(inflight.join(scope, 'rid-00001', 'abc', 'ticket:issue')).toBeUndefined()
    inflight.track(scope, 'rid-00001', 'abc', first)
    expect(inflight.join(scope, 'rid-00001', 'abc', 'ticket:issue')).toBe(first)
    await expect(inflight.join(scope, 'rid-00001', 'xyz', 'ticket:issue')).resolves.toEqual(
      reusedAck('ticket:issue'),
    )
    expect(
      inflight.join(requestScope('device:kiosk-1', 'ticket:cancel'), 'rid-00001', 'abc', 'x'),
    ).toBeUndefined()
    expect(inflight.size).toBe(1)
    answer('done')
    await inflight.settled()
    expect(inflight.size).toBe(0)
    expect(inflight.join(scope, 'rid-00001', 'abc', 'ticket:issue')).toBeUndefined()
  })
})
