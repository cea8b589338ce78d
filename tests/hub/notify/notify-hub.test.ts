/**
 * The notifier inside the hub: a remote ticket's holder who consented to SMS is told they joined and,
 * once called, which window to go to; nothing goes without consent; a gateway that fails is retried
 * with backoff, one that refuses is given up; a gateway that hangs does not hold up the acks.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { sweepBookingEntries } from '../../../src-main/hub/booking-retention'
import { createLogger } from '../../../src-main/hub/logger'
import { openSqliteStore } from '../../../src-main/hub/store/sqlite-store'
import type { NotificationView } from '../../../src-shared/notifications'
import { GatewayError } from '../../../src-main/hub/registration/adapters/http-post'
import { expectOk, makeTempDir, removeDataDir, requestId } from '../../support/hub-harness'
import { PHONE, startNotifyHub, type NotifyHub } from '../../support/notify-hub'

const WAIT = { timeout: 15_000 }
const KIOSK = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' } as const
const hubs: NotifyHub[] = []
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close()
})
async function hub(options: Parameters<typeof startNotifyHub>[0] = {}): Promise<NotifyHub> {
  const started = await startNotifyHub(options)
  hubs.push(started)
  return started
}

describe('notifications in the hub', () => {
  it('tells a remote ticket’s holder by SMS that they joined, then the window they are called to', async () => {
    const h = await hub()
    const consultant = await h.staffClient('consultant3')
    expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
    const phoneId = await h.consent()
    const joined = await h.join(phoneId)
    await expect.poll(() => h.sms.sent.length, WAIT).toBe(1)
    expect(h.sms.sent[0]).toMatchObject({ to: PHONE, text: expect.stringContaining(joined.number) })
    expect(h.sms.sent[0]!.reference).toMatch(/^\d+:remoteJoined:sms$/)
    expect(h.sms.sent[0]!.text).not.toContain(phoneId)

    await h.submit({ type: 'booking:check-in', code: joined.code }, KIOSK)
    expectOk(await consultant.send('ticket:call-next', { requestId: requestId(), deskId: 'desk-3' }))
    await expect.poll(() => h.sms.sent.length, WAIT).toBe(2)
    expect(h.sms.sent[1]!.text).toBe(
      `ХҚО: ${joined.number}, 3 терезеге өтіңіз. ЦОН: ${joined.number}, пройдите к окну 3.`,
    )
    const rows = await h.hub.notifier.records.recent(10)
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
      ['called', 'sent', 1],
      ['remoteJoined', 'sent', 1],
    ])
  })

  it('sends nothing to a phone that gave no consent, or withdrew it before the message went', async () => {
    const h = await hub()
    const consultant = await h.staffClient('consultant3')
    expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
    const silent = await h.hub.vault.entries.put('phone', '+77019998877', Date.now())
    await h.join(silent)
    // Withdrawn while its message waits for a gateway that is busy.
    let release!: () => void
    h.sms.behave = () => new Promise((resolve) => (release = resolve))
    const first = await h.consent('+77015554433')
    await h.join(first)
    await expect.poll(() => release !== undefined, WAIT).toBe(true)
    const withdrawn = await h.consent('+77011112233')
    await h.join(withdrawn)
    await h.hub.notifier.consents.revoke(withdrawn, ['sms'], Date.now())
    h.sms.behave = async () => undefined
    release()
    await expect
      .poll(
        async () => (await h.hub.notifier.records.recent(10)).map((r) => [r.phoneId, r.status, r.reason]),
        WAIT,
      )
      .toEqual([
        [withdrawn, 'skipped', 'no-consent'],
        [first, 'sent', null],
      ])
    expect(h.sms.sent.map((m) => m.to)).toEqual(['+77015554433'])
  })

  it('retries a failing gateway with backoff and gives up on a refusal, saying why', async () => {
    const h = await hub({ notifications: { retry: { baseSeconds: 1, maxSeconds: 2, maxAttempts: 5 } } })
    const consultant = await h.staffClient('consultant3')
    expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
    let failures = 2
    const tries: number[] = []
    h.sms.behave = async (message) => {
      tries.push(Date.now())
      if (message.to === '+77017770000') throw new GatewayError('the gateway answered HTTP 400', true)
      if (failures-- > 0) throw new GatewayError('the gateway answered HTTP 503')
    }
    await h.join(await h.consent())
    await expect.poll(() => h.sms.sent.length, WAIT).toBe(1)
    const [row] = await h.hub.notifier.records.recent(1)
    expect(row).toMatchObject({ status: 'sent', attempts: 3, error: null })
    // 1 s, then 2 s between the tries.
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(900)
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(1900)

    await h.join(await h.consent('+77017770000'))
    await expect.poll(async () => (await h.hub.notifier.records.recent(1))[0]?.status, WAIT).toBe('failed')
    expect((await h.hub.notifier.records.recent(1))[0]).toMatchObject({
      attempts: 1,
      error: 'the gateway answered HTTP 400',
    })
  })

  it('answers commands while the gateway hangs', async () => {
    const h = await hub()
    const consultant = await h.staffClient('consultant3')
    expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
    let hung = 0
    h.sms.behave = () => {
      hung++
      return new Promise(() => undefined)
    }
    const phoneId = await h.consent()
    await h.join(phoneId)
    await expect.poll(() => hung, WAIT).toBe(1)
    for (let i = 0; i < 20; i++) {
      expect(await h.submit({ type: 'ticket:issue', serviceId: 'id-card-passport' }, KIOSK)).toMatchObject({
        ok: true,
      })
    }
    expect(h.sms.sent).toEqual([])
  })
})

describe('the outbox after a crash', () => {
  it('makes from the log the notifications a crash left unwritten, and none twice', async () => {
    const dataDir = makeTempDir()
    try {
      let h = await startNotifyHub({ dataDir })
      const consultant = await h.staffClient('consultant3')
      expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
      const phoneId = await h.consent()
      const first = await h.join(phoneId)
      await expect.poll(() => h.sms.sent.length, WAIT).toBe(1)
      await h.close()

      // As a kill -9 between a commit and its outbox rows leaves it: the cursor behind, no row.
      const store = openSqliteStore(dataDir)
      store.db.prepare('UPDATE notify_cursor SET seq = seq - 1').run()
      store.db.prepare('DELETE FROM notify_outbox').run()
      store.close()
      h = await startNotifyHub({ dataDir })
      hubs.push(h)
      await expect.poll(() => h.sms.sent.length, WAIT).toBe(1)
      expect(h.sms.sent[0]!.text).toContain(first.number)
      await h.close()
      hubs.pop()

      // Behind again, its row still there (sent): the same key, nothing new.
      const again = openSqliteStore(dataDir)
      again.db.prepare('UPDATE notify_cursor SET seq = seq - 1').run()
      again.close()
      h = await startNotifyHub({ dataDir })
      hubs.push(h)
      const phone2 = await h.consent('+77015550000')
      await h.join(phone2)
      await expect.poll(() => h.sms.sent.map((m) => m.to), WAIT).toEqual(['+77015550000'])
      expect(await h.hub.notifier.records.recent(10)).toHaveLength(2)
    } finally {
      for (const h of hubs.splice(0)) await h.close()
      removeDataDir(dataDir)
    }
  })
})

describe('what staff see, and what retention keeps', () => {
  it('shows supervisors the recent notifications, the number masked; others are refused', async () => {
    const h = await hub()
    const consultant = await h.staffClient('consultant3')
    expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
    await h.join(await h.consent())
    await expect.poll(() => h.sms.sent.length, WAIT).toBe(1)
    const get = async (token?: string) => {
      const res = await fetch(`${h.url}/api/notifications?limit=5`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      })
      return { status: res.status, body: (await res.json()) as { notifications: NotificationView[] } }
    }
    expect((await get()).status).toBe(401)
    expect((await get(await h.signIn('consultant1'))).status).toBe(403)
    const seen = await get(await h.signIn('supervisor'))
    expect(seen.status).toBe(200)
    expect(seen.body.notifications).toEqual([
      expect.objectContaining({
        kind: 'remoteJoined',
        channel: 'sms',
        recipient: '+7 (701) ***-**-78',
        status: 'sent',
        attempts: 1,
        reason: null,
        error: null,
      }),
    ])
    expect(JSON.stringify(seen.body)).not.toContain(PHONE)
    const bad = await fetch(`${h.url}/api/notifications?limit=0`, {
      headers: { Authorization: `Bearer ${await h.signIn('admin')}` },
    })
    expect(bad.status).toBe(400)
  })

  it('keeps past retention the phone a consent still needs, and erases one without', async () => {
    const h = await hub()
    const longAgo = Date.now() - 400 * 24 * 60 * 60_000
    const kept = await h.hub.vault.entries.put('phone', '+77010000001', longAgo)
    const gone = await h.hub.vault.entries.put('phone', '+77010000002', longAgo)
    await h.hub.notifier.consents.grant(kept, ['sms'], longAgo)
    const erased = await sweepBookingEntries({
      config: h.config,
      entries: h.hub.vault.entries,
      state: () => h.hub.engine.state,
      keep: () => h.hub.notifier.entriesInUse(),
      logger: createLogger({ level: 'silent' }),
      now: Date.now,
    })
    expect(erased).toBe(1)
    expect(await h.hub.vault.entries.open(kept)).toEqual({ kind: 'phone', value: '+77010000001' })
    expect(await h.hub.vault.entries.open(gone)).toBeUndefined()
  })
  it('prunes the outbox rows older than notifications.retentionDays that are done, daily', async () => {
    const h = await hub({ notifications: { retentionDays: 7 } })
    const DAY = 24 * 60 * 60_000
    const { records } = h.hub.notifier
    const row = (seq: number) => ({
      key: `${seq}:lapsed:sms`,
      kind: 'lapsed' as const,
      channel: 'sms' as const,
      phoneId: 've_x',
      subjectId: 't',
      params: { number: 'A1' },
      notBefore: Date.now() + DAY,
      seq,
    })
    await records.addIntents([row(1), row(2)], 0, Date.now() - 8 * DAY)
    await records.addIntents([row(3)], 0, Date.now() - 6 * DAY)
    await records.markSkipped('1:lapsed:sms', 'stale', Date.now())
    await records.markSkipped('3:lapsed:sms', 'stale', Date.now())
    // The old one done goes; the old one still waiting and the recent one stay.
    expect(await h.hub.notifier.prune()).toBe(1)
    expect((await records.recent(10)).map((r) => r.key).sort()).toEqual(['2:lapsed:sms', '3:lapsed:sms'])
  })
})
