/**
 * One connection cannot flood the hub: over its rate, commands are answered `rate_limited` before any
 * parsing, change nothing, and other connections are not affected.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { CommandBucket, validCommandRate } from '../../src-main/hub/command-rate'
import type { Ack } from '../../src-shared/protocol'
import { startTestHub, requestId, type TestHub } from '../support/hub-harness'

describe('CommandBucket', () => {
  it('lets a burst through, then one command per refill interval', () => {
    let t = 0
    const bucket = new CommandBucket({ perSecond: 10, burst: 3 }, () => t)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    expect(bucket.retryAfterMs()).toBe(100)
    t = 50
    expect(bucket.take()).toBe(false)
    t = 100
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    // A long quiet spell refills to the burst, never beyond.
    t = 60_000
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
  })

  it('refuses settings that would block everything or nothing', () => {
    expect(() => validCommandRate({ perSecond: 0, burst: 5 })).toThrow(/perSecond/)
    expect(() => validCommandRate({ perSecond: Number.NaN, burst: 5 })).toThrow(/perSecond/)
    expect(() => validCommandRate({ perSecond: 5, burst: 0.5 })).toThrow(/burst/)
  })
})

describe('a connection over its command rate', () => {
  let hub: TestHub | undefined
  afterEach(async () => {
    await hub?.close()
    hub = undefined
  })

  it('gets rate_limited for the excess, which changes nothing; other connections carry on', async () => {
    // The buckets' own clock stands still while the flood is sent, however slow the machine is.
    let now = 0
    hub = await startTestHub({ hubOptions: { commandRate: { perSecond: 2, burst: 10, clock: () => now } } })
    const flooding = await hub.deviceClient('kiosk-1')
    const other = await hub.deviceClient('kiosk-2')
    const acks = await Promise.all(
      Array.from({ length: 25 }, () =>
        flooding.send<Ack<object>>('ticket:issue', {
          requestId: requestId(),
          serviceId: 'no-criminal-record',
        }),
      ),
    )
    const accepted = acks.filter((a) => a.ok)
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited')
    // 10 from the burst, and nothing refilled while they were sent.
    expect(accepted).toHaveLength(10)
    expect(limited).toHaveLength(15)
    expect(limited[0]).toMatchObject({ error: { message: expect.stringMatching(/wait \d+ s/) } })
    await hub.hub.engine.idle()
    const supervisor = await hub.staffClient('supervisor')
    expect(Object.keys(supervisor.snapshot.state.tickets)).toHaveLength(accepted.length)
    supervisor.close()

    // Garbage and unknown names count too, and are refused the same way, unread.
    expect(await flooding.send<Ack<object>>('ticket:issue', 'garbage')).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    })
    for (let i = 0; i < 5; i++) {
      expect(await flooding.send<Ack<object>>('no:such-command', {})).toMatchObject({
        ok: false,
        error: { code: 'rate_limited' },
      })
    }

    // The other kiosk has its own bucket.
    expect(
      await other.send<Ack<object>>('ticket:issue', {
        requestId: requestId(),
        serviceId: 'no-criminal-record',
      }),
    ).toMatchObject({ ok: true })

    // Not a moment later it is still refused; half a second later it has a token again.
    expect(
      await flooding.send<Ack<object>>('ticket:issue', {
        requestId: requestId(),
        serviceId: 'no-criminal-record',
      }),
    ).toMatchObject({ ok: false, error: { code: 'rate_limited' } })
    now += 600
    expect(
      await flooding.send<Ack<object>>('ticket:issue', {
        requestId: requestId(),
        serviceId: 'no-criminal-record',
      }),
    ).toMatchObject({ ok: true })
  })

  it("counts a tracker's messages too, which are refused whatever they are", async () => {
    hub = await startTestHub({ hubOptions: { commandRate: { perSecond: 1, burst: 2, clock: () => 0 } } })
    const kiosk = await hub.deviceClient('kiosk-1')
    const issued = await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })
    if (!issued.ok) throw new Error('issue failed')
    const tracker = await hub.trackerClient(issued.ticket.trackToken)
    const codes = []
    for (let i = 0; i < 4; i++)
      codes.push(((await tracker.send<Ack<object>>('no:such', {})) as { error: { code: string } }).error.code)
    expect(codes).toEqual(['forbidden', 'forbidden', 'rate_limited', 'rate_limited'])
  })

  it('is not reached by normal use with the default rate', async () => {
    hub = await startTestHub()
    const kiosk = await hub.deviceClient('kiosk-1')
    const acks = await Promise.all(
      Array.from({ length: 150 }, () =>
        kiosk.send<Ack<object>>('ticket:issue', { requestId: requestId(), serviceId: 'no-criminal-record' }),
      ),
    )
    expect(acks.every((a) => a.ok)).toBe(true)
  })
})
