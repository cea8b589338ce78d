/**
 * A hub process killed -9 in the middle of a burst of 500 notifications: after the restart each is
 * delivered exactly once. 500 bookings through the integration API, each confirmed by SMS to a phone
 * that consented, through the HTTP gateway pointed at a stand-in that counts by reference (the gateway's
 * contract: a repeated reference is one message). The hub is killed while confirmations go out (and
 * bookings may still arrive); bookings whose answer was lost are asked again with their Idempotency-Key.
 */
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../src-main/hub/logger'
import { SqliteNotifyRecords } from '../../../src-main/hub/notify/records'
import { openSqliteStore } from '../../../src-main/hub/store/sqlite-store'
import { defaultKeyFile } from '../../../src-main/hub/vault'
import { mountVault } from '../../../src-main/hub/vault-mount'
import { centreConfigSchema } from '../../../src-shared/config'
import { formatBookingCode, localDay } from '../../../src-shared/domain'
import { BENCH_INTEGRATION, benchIins, benchPlaces, bookingBenchConfig } from '../../../bench/booking-data'
import { apiRequest } from '../../support/api-client'
import {
  demoConfig,
  makeTempDir,
  removeDataDir,
  spawnHubProcess,
  type HubProcess,
} from '../../support/hub-harness'
import { SmsStandIn } from '../../support/sms-stand-in'

const BURST = 500
const PHONE = '+77012345678'
const PASSWORD_ENV = 'NOTIFY_TEST_SMS_PASSWORD'
const processes: HubProcess[] = []
const cleanups: (() => Promise<void> | void)[] = []

afterEach(async () => {
  for (const hub of processes.splice(0)) {
    hub.child.kill('SIGKILL')
    await hub.exited
  }
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

/** The phone in the vault and its consent to SMS, written before the hub starts (as /join would). */
async function consentBeforeStart(dataDir: string): Promise<void> {
  const store = openSqliteStore(dataDir)
  try {
    const vault = await mountVault({
      store,
      keyFile: defaultKeyFile(dataDir),
      logger: createLogger({ level: 'silent' }),
    })
    const phoneId = await vault.entries.put('phone', PHONE, Date.now())
    new SqliteNotifyRecords(store.db).grant(phoneId, ['sms'], Date.now())
  } finally {
    store.close()
  }
}

describe('notifications and kill -9', () => {
  it('delivers each of a burst of 500 exactly once across a SIGKILL in the middle', async () => {
    const standIn = new SmsStandIn()
    standIn.delayMs = 3
    const smsUrl = await standIn.start()
    cleanups.push(() => standIn.stop())
    const dataDir = makeTempDir()
    cleanups.push(() => removeDataDir(dataDir))
    process.env[PASSWORD_ENV] = 'stand-in'
    cleanups.push(() => void delete process.env[PASSWORD_ENV])

    const base = bookingBenchConfig(demoConfig())
    const config = centreConfigSchema.parse({
      ...base,
      notifications: { enabled: true, quietHours: null, events: { bookingReminder: false } },
      registration: {
        ...base.registration,
        sms: { kind: 'http', url: smsUrl, username: 'kezek', passwordEnv: PASSWORD_ENV, retries: 0 },
      },
    })
    const configFile = join(makeTempDir('kezek-notify-config-'), 'centre.json')
    writeFileSync(configFile, JSON.stringify(config))
    await consentBeforeStart(dataDir)

    const iins = benchIins()
    const places = benchPlaces(config, localDay(Date.now(), config.centre.timeZone))
    const bookings = Array.from({ length: BURST }, () => {
      const place = places.next().value
      return {
        key: randomUUID(),
        body: {
          serviceId: place.serviceId,
          slotStart: new Date(place.slotStart).toISOString(),
          iin: iins.next().value,
          phone: PHONE,
          channel: 'egov',
        },
        code: null as string | null,
      }
    })
    const book = async (url: string, booking: (typeof bookings)[number]) => {
      try {
        const answer = await apiRequest<{ booking: { code: string } }>(url, '/api/v1/bookings', {
          method: 'POST',
          key: BENCH_INTEGRATION.key,
          body: booking.body,
          headers: { 'Idempotency-Key': booking.key },
        })
        if (answer.status === 201) booking.code = answer.body.booking.code
        else if (answer.status !== 503) throw new Error(`booking answered ${answer.status}: ${answer.text}`)
      } catch (error) {
        // The hub was killed under the request: asked again after the restart.
        if (!/ECONNRESET|ECONNREFUSED|socket hang up/.test(String(error))) throw error
      }
    }
    /** Books every booking without a code yet, 16 at a time, until `stop` says so. */
    const bookAll = async (url: string, stop: () => boolean = () => false) => {
      let next = 0
      const worker = async () => {
        while (!stop()) {
          const booking = bookings[next++]
          if (!booking) return
          if (booking.code === null) await book(url, booking)
        }
      }
      await Promise.all(Array.from({ length: 16 }, worker))
    }

    const args = ['--config', configFile]
    const first = await spawnHubProcess(dataDir, args)
    processes.push(first)
    let killed = false
    const burst = bookAll(first.url, () => killed)
    // Killed once confirmations are going out and bookings still arrive.
    await expect
      .poll(() => standIn.posts.length, { timeout: 60_000, interval: 5 })
      .toBeGreaterThanOrEqual(100)
    first.child.kill('SIGKILL')
    killed = true
    await first.exited
    processes.splice(processes.indexOf(first), 1)
    await burst
    const beforeRestart = bookings.filter((b) => b.code !== null).length
    // In the middle of the burst: far from every confirmation had gone out.
    const sentBeforeKill = standIn.delivered().size
    expect(sentBeforeKill).toBeLessThan(BURST)

    const second = await spawnHubProcess(dataDir, args)
    processes.push(second)
    await bookAll(second.url)
    expect(bookings.every((b) => b.code !== null)).toBe(true)
    await expect.poll(() => standIn.delivered().size, { timeout: 60_000 }).toBe(BURST)

    // Each booking's confirmation arrived under exactly one reference, with its own code.
    const delivered = [...standIn.delivered().values()]
    for (const message of delivered) {
      expect(message.reference).toMatch(/^\d+:bookingConfirmed:sms$/)
      expect(message.to).toBe(PHONE)
    }
    const codes = bookings.map((b) => formatBookingCode(b.code!))
    const referencesOf = codes.map((code) => delivered.filter((m) => m.text.includes(`код ${code}.`)).length)
    expect(referencesOf.every((n) => n === 1)).toBe(true)
    // A reference posted twice is the one attempt a kill cut off (its outcome unknown), at most.
    const repeats = standIn.posts.length - standIn.delivered().size
    expect(repeats).toBeLessThanOrEqual(1)
    console.log(
      `notify kill -9: ${beforeRestart} of ${BURST} bookings answered and ${sentBeforeKill} messages ` +
        `delivered before the kill, ` +
        `${standIn.posts.length} posts for ${BURST} messages (${repeats} repeated reference)`,
    )
    // Nothing more goes out afterwards: the outbox holds every one as sent.
    const after = standIn.posts.length
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(standIn.posts.length).toBe(after)
  }, 180_000)
})
