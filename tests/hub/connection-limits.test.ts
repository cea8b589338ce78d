/**
 * Guessing at the handshake is slowed per address, and one credential cannot hold the hub's sockets:
 * after too many failed handshakes an address is refused `rate_limited` (with a retry hint) whatever it
 * sends, while other addresses connect as before; a tracked ticket and a device hold a bounded number
 * of sockets at once (`too_many_connections`), and a place comes back when its socket goes.
 */
import { io } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'
import { validConnectionLimits } from '../../src-main/hub/connection-limits'
import {
  expectConnectRefused,
  expectOk,
  startTestHub,
  WAIT_MS,
  type HandshakeAuth,
  type TestHub,
  TUESDAY_MORNING,
} from '../support/hub-harness'

let hub: TestHub | undefined
afterEach(async () => {
  await hub?.close()
  hub = undefined
})

const wrongKey = { role: 'device', deviceId: 'kiosk-1', key: 'not-the-kiosk-key-at-all' }
const unknownTracker = { role: 'tracker', ticketToken: 'x'.repeat(24) }
const unknownStaff = { role: 'staff', token: 'y'.repeat(43) }

/**
 * A handshake from another loopback address (Linux answers all of 127/8): the hub sees `from` as the
 * remote address. Resolves with the refusal's code, or `connected`.
 */
function connectFrom(url: string, from: string, auth: HandshakeAuth): Promise<string> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: WAIT_MS,
    auth,
    localAddress: from,
  } as Parameters<typeof io>[1])
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the handshake')), WAIT_MS)
    const done = (outcome: string) => {
      clearTimeout(timer)
      socket.disconnect()
      resolve(outcome)
    }
    socket.once('connect', () => done('connected'))
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) =>
      done(error.data?.code ?? error.message),
    )
  })
}

/** Sockets of the hub whose principal is `key` (`tracker:<id>`, `device:<id>`). */
function socketsOf(key: string): number {
  let count = 0
  for (const socket of hub!.hub.io.of('/').sockets.values()) if (socket.data.principalKey === key) count++
  return count
}

describe('failed handshakes from one address', () => {
  it('lock that address: even the right key is refused rate_limited, with a hint, until the lock ends', async () => {
    let now = 1_000_000
    hub = await startTestHub({
      hubOptions: { connectionLimits: { maxFailures: 3, lockMs: 30_000, clock: () => now } },
    })
    // Wrong device keys, unknown tracker tokens and unknown staff tokens all count.
    expect((await expectConnectRefused(hub.url, wrongKey)).data?.code).toBe('unauthenticated')
    expect((await expectConnectRefused(hub.url, unknownTracker)).data?.code).toBe('unknown_ticket')
    expect((await expectConnectRefused(hub.url, unknownStaff)).data?.code).toBe('unknown_staff_session')

    const right = { role: 'device', deviceId: 'kiosk-1', key: hub.credentials.deviceKeys['kiosk-1']! }
    const refusal = await expectConnectRefused(hub.url, right)
    expect(refusal).toEqual({
      message: 'too many failed connections from this address; wait 30 s',
      data: { code: 'rate_limited', retryAfterMs: 30_000 },
    })
    now += 29_000
    expect((await expectConnectRefused(hub.url, right)).data).toEqual({
      code: 'rate_limited',
      retryAfterMs: 1_000,
    })
    now += 1_000
    const kiosk = await hub.deviceClient('kiosk-1')
    expect(kiosk.socket.connected).toBe(true)
  })

  it('do not touch other addresses, and a success does not wipe them', async () => {
    hub = await startTestHub({ hubOptions: { connectionLimits: { maxFailures: 3, clock: () => 0 } } })
    const key = hub.credentials.deviceKeys['display-1']!
    const display = { role: 'device', deviceId: 'display-1', key }
    expect(await connectFrom(hub.url, '127.0.0.3', wrongKey)).toBe('unauthenticated')
    expect(await connectFrom(hub.url, '127.0.0.3', wrongKey)).toBe('unauthenticated')
    // A right key in between does not reset the count.
    expect(await connectFrom(hub.url, '127.0.0.3', display)).toBe('connected')
    expect(await connectFrom(hub.url, '127.0.0.3', unknownTracker)).toBe('unknown_ticket')
    expect(await connectFrom(hub.url, '127.0.0.3', display)).toBe('rate_limited')
    // The honest clients elsewhere are not slowed by that address's failures.
    expect(await connectFrom(hub.url, '127.0.0.4', display)).toBe('connected')
    expect((await hub.deviceClient('kiosk-1')).socket.connected).toBe(true)
  })

  it('do not include a staff session that merely expired', async () => {
    let clock = TUESDAY_MORNING
    hub = await startTestHub({
      now: () => clock,
      hubOptions: { connectionLimits: { maxFailures: 2, clock: () => 0 } },
    })
    const token = await hub.signIn('consultant1')
    clock += 13 * 60 * 60_000
    for (let i = 0; i < 3; i++) {
      const refusal = await expectConnectRefused(hub.url, { role: 'staff', token })
      expect(refusal.data?.code).toBe('staff_session_expired')
    }
    expect((await hub.staffClient('consultant2')).socket.connected).toBe(true)
  })
})

describe('sockets per credential', () => {
  it('a ticket has at most 5 trackers at once; a place comes back when one goes', async () => {
    hub = await startTestHub()
    const kiosk = await hub.deviceClient('kiosk-1')
    const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const trackers = []
    for (let i = 0; i < 5; i++) trackers.push(await hub.trackerClient(ticket.trackToken))
    const refusal = await expectConnectRefused(hub.url, { role: 'tracker', ticketToken: ticket.trackToken })
    expect(refusal).toEqual({
      message: 'this ticket already has 5 connections, the most it may have; close one and try again',
      data: { code: 'too_many_connections' },
    })
    // Another ticket's trackers are not affected.
    const other = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    expect((await hub.trackerClient(other.trackToken)).socket.connected).toBe(true)

    trackers[0]!.close()
    await expect.poll(() => socketsOf(`tracker:${ticket.id}`)).toBe(4)
    expect((await hub.trackerClient(ticket.trackToken)).socket.connected).toBe(true)
    expect(socketsOf(`tracker:${ticket.id}`)).toBe(5)
  })

  it('a device has at most its configured number; other devices are not affected', async () => {
    hub = await startTestHub({ hubOptions: { connectionLimits: { perDevice: 2 } } })
    const first = await hub.deviceClient('kiosk-1')
    await hub.deviceClient('kiosk-1')
    const auth = { role: 'device', deviceId: 'kiosk-1', key: hub.credentials.deviceKeys['kiosk-1']! }
    expect((await expectConnectRefused(hub.url, auth)).data?.code).toBe('too_many_connections')
    expect((await hub.deviceClient('kiosk-2')).socket.connected).toBe(true)
    // Being over the cap is not a failure: the address is not locked by it.
    for (let i = 0; i < 12; i++) await expectConnectRefused(hub.url, auth)
    first.close()
    await expect.poll(() => socketsOf('device:kiosk-1')).toBe(1)
    expect((await hub.deviceClient('kiosk-1')).socket.connected).toBe(true)
  })
})

describe('connection limit options', () => {
  it('default to 10 failures a minute, 5 trackers a ticket and 20 sockets a device', () => {
    expect(validConnectionLimits()).toEqual({
      maxFailures: 10,
      failureWindowMs: 60_000,
      lockMs: 60_000,
      perTracker: 5,
      perDevice: 20,
    })
  })

  it('refuse what is not a whole number of at least one, naming the field', () => {
    expect(() => validConnectionLimits({ perDevice: 0 })).toThrow(
      'connectionLimits.perDevice must be a whole number of at least 1, got 0',
    )
    expect(() => validConnectionLimits({ maxFailures: 2.5 })).toThrow(/maxFailures/)
    expect(() => validConnectionLimits({ lockMs: Number.NaN })).toThrow(/lockMs/)
  })
})
