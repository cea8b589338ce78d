/**
 * Personal data stays where the desk needs it: kiosks, displays and consultants never receive an IIN
 * or a phone; every create, view, change, revoke and export is audited with masked values; exports and
 * figures are for supervisors; the retention period erases old data; logs and files are safe.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import type { RegistrationUpdate } from '../../src-shared/protocol'
import { createLogger } from '../../src-main/hub/logger'
import { openHub } from '../../src-main/hub/server'
import { openSqliteStore, type SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import {
  connectClient,
  demoConfig,
  demoCredentials,
  expectOk,
  makeTempDir,
  signInAt,
  startTestHub,
  type TestClient,
  type TestHub,
  removeDataDir,
} from '../support/hub-harness'
import {
  CITIZEN,
  codeFromOutbox,
  deskDay,
  eventually,
  NEW_PHONE,
  OTHER_CITIZEN,
  register,
  REGISTRAR_DESK,
  staffGet,
  startPayload,
  wrongCode,
} from './fixtures/registration'
import { parseCsv } from '../support/csv'

const DAY = 24 * 60 * 60_000

let hub: TestHub | undefined
const cleanups: Array<() => Promise<void> | void> = []

afterEach(async () => {
  await hub?.close()
  hub = undefined
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Every way the personal data of the test citizens could appear in a message or a file. */
const PERSONAL = [
  CITIZEN.iin,
  OTHER_CITIZEN.iin,
  CITIZEN.e164.slice(2),
  NEW_PHONE.e164.slice(2),
  OTHER_CITIZEN.e164.slice(2),
  '8710******27',
  '+7 (701)',
  '+7 (777)',
  '234-56-78',
]

function leaks(text: string): string[] {
  return PERSONAL.filter((needle) => text.includes(needle))
}

describe('who receives personal data', () => {
  it('a display, a kiosk and a consultant connected throughout never receive an IIN or a phone', async () => {
    const clock = { now: Date.now() }
    hub = await startTestHub({ now: () => clock.now })
    const display = await hub.deviceClient('display-1')
    const kiosk = await hub.deviceClient('kiosk-1')
    const consultant = await hub.staffClient('consultant1')
    const supervisor = await hub.staffClient('supervisor')

    // The queue runs as usual around the registration.
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'mobile-registration' })).ticket
    const registrarQueue = await hub.staffClient('registrar')
    expectOk(await registrarQueue.command('desk:open', { deskId: REGISTRAR_DESK }))
    expectOk(await registrarQueue.command('ticket:call-next', { deskId: REGISTRAR_DESK }))
    const { registrar } = await deskDay(hub, clock)
    expectOk(await registrarQueue.command('ticket:start', { ticketId: ticket.id }))
    expectOk(await registrarQueue.command('ticket:finish', { ticketId: ticket.id }))
    await display.waitForSeq((await hub.health()).seq)
    await kiosk.waitForSeq((await hub.health()).seq)
    await consultant.waitForSeq((await hub.health()).seq)
    await eventually(() =>
      expect(supervisor.received.some((r) => r.event === 'registration:updated')).toBe(true),
    )

    for (const [name, client] of [
      ['display', display],
      ['kiosk', kiosk],
      ['consultant', consultant],
    ] as Array<[string, TestClient]>) {
      expect(client.received.length, name).toBeGreaterThan(3)
      for (const message of client.received) {
        expect(leaks(JSON.stringify(message)), `${name} got ${message.event}`).toEqual([])
        expect(message.event, name).not.toMatch(/^(registration|binding):/)
      }
    }
    // Staff of the desk get ids and counts, nothing masked even.
    const updates = [...supervisor.received, ...registrar.received].filter(
      (r) => r.event === 'registration:updated',
    )
    expect(updates.length).toBeGreaterThan(5)
    for (const update of updates) {
      expect(leaks(JSON.stringify(update.data))).toEqual([])
      expect(Object.keys(update.data as RegistrationUpdate).sort()).toEqual(
        ['at', 'bindingId', 'change', 'deskId', 'registrationId', 'staffId', 'today', 'type'].sort(),
      )
    }
    // Nothing of the registrations entered the queue's event log.
    const db = (hub.store as SqliteEventStore).db
    const log = (db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n')
    expect(leaks(log)).toEqual([])
    expect(log).not.toMatch(/registration:|binding/)
  })
})

describe('the audit log', () => {
  it('records every create, view, change, revoke and export with masked values; supervisors export it as CSV', async () => {
    const clock = { now: Date.now() }
    hub = await startTestHub({ now: () => clock.now })
    const { binding, moved, start, change } = await deskDay(hub, clock)
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(clock.now)

    const registrarToken = await hub.signIn('registrar')
    expect((await staffGet(hub, `/api/audit.csv?from=${day}&to=${day}`, registrarToken)).status).toBe(403)
    const token = await hub.signIn('supervisor')
    for (const bad of [
      '',
      `?from=${day}`,
      `?from=${day}&to=2020-01-01`,
      '?from=2026-02-30&to=2026-03-01',
      '?from=2024-01-01&to=2026-01-01',
    ]) {
      expect((await staffGet(hub, `/api/audit.csv${bad}`, token)).status, bad).toBe(400)
    }
    const response = await staffGet(hub, `/api/audit.csv?from=${day}&to=${day}&lang=en`, token)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toContain(`kezek-audit-${day}-${day}.csv`)
    const csv = (await response.text()).replace(/^\uFEFF/, '')
    expect(leaks(csv.replace(/8710\*{6}27|\+7 \(\d{3}\) \*\*\*-\*\*-\d\d/g, ''))).toEqual([])
    const rows = parseCsv(csv)
    expect(rows[0]).toEqual([
      'Time (Asia/Almaty)',
      'Day',
      'Staff id',
      'Staff member',
      'Window',
      'Action',
      'Binding id',
      'Registration id',
      'Old value',
      'New value',
      'Detail',
      'Ticket / window',
      'Read at (Asia/Almaty)',
    ])
    const entries = rows
      .slice(1)
      .map(
        ([
          at,
          d,
          staffId,
          staffName,
          deskId,
          action,
          bindingId,
          registrationId,
          oldValue,
          newValue,
          detail,
        ]) => ({
          at,
          day: d,
          staffId,
          staffName,
          deskId,
          action,
          bindingId,
          registrationId,
          oldValue,
          newValue,
          detail,
        }),
      )
    expect(entries.map((e) => e.action)).toEqual([
      'start',
      'code-rejected',
      'resend',
      'create',
      'view',
      'start',
      'change',
      'change',
      'revoke',
      'start',
      'export',
    ])
    // Local time of the centre, as its clocks showed it.
    expect(entries.every((e) => e.day === day && e.at!.startsWith(`${day} `))).toBe(true)
    expect(entries.every((e) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(e.at!))).toBe(true)
    const create = entries.find((e) => e.action === 'create')!
    expect(create).toMatchObject({
      staffId: 'registrar-1',
      staffName: 'Ерлан Жақсылықов',
      deskId: REGISTRAR_DESK,
      bindingId: binding.id,
      registrationId: start.registrationId,
      oldValue: '',
      newValue: '8710******27, +7 (701) ***-**-78',
    })
    expect(entries.filter((e) => e.action === 'change')).toEqual([
      expect.objectContaining({
        bindingId: moved.id,
        registrationId: change.registrationId,
        oldValue: '8710******27, +7 (701) ***-**-78',
        newValue: '8710******27, +7 (777) ***-**-67',
      }),
      expect.objectContaining({ bindingId: binding.id, detail: `replaced by binding ${moved.id}` }),
    ])
    expect(entries.find((e) => e.action === 'view')).toMatchObject({
      bindingId: binding.id,
      staffId: 'registrar-1',
    })
    // Quotes doubled, commas kept inside the quoted field, and a would-be formula defused.
    expect(csv).toContain(`"'=""HYPERLINK(x)"", asked by the citizen"`)
    expect(entries.find((e) => e.action === 'revoke')!.detail).toBe(`'="HYPERLINK(x)", asked by the citizen`)
    expect(entries.at(-1)).toMatchObject({
      staffId: 'supervisor-1',
      action: 'export',
      detail: `audit.csv for ${day} to ${day}`,
    })
  })
})

describe('figures', () => {
  it('counts the day per registrar: confirmed, failed, expired codes, for supervisors, as JSON and CSV', async () => {
    const clock = { now: Date.now() }
    hub = await startTestHub({ now: () => clock.now })
    const { registrar, lapsed } = await deskDay(hub, clock)
    // The supervisor registers too, and lets three wrong codes through.
    const supervisor = await hub.staffClient('supervisor')
    const third = expectOk(
      await register(
        supervisor,
        'registration:start',
        startPayload({ iin: '800416300257', phone: '87051234567' }),
      ),
    )
    const code = codeFromOutbox(hub.dataDir, third.registrationId)
    for (let i = 0; i < 3; i++) {
      await register(supervisor, 'registration:confirm', {
        registrationId: third.registrationId,
        code: wrongCode(code),
      })
    }
    clock.now += 6 * 60_000 // the lapsed code runs out
    expect(lapsed.registrationId).toBeTruthy()
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(clock.now)

    expect(
      (await staffGet(hub, `/api/registration/stats?day=${day}`, await hub.signIn('registrar'))).status,
    ).toBe(403)
    const token = await hub.signIn('supervisor')
    const stats = await (await staffGet(hub, `/api/registration/stats?day=${day}`, token)).json()
    expect(stats).toEqual({
      day,
      totals: { started: 4, confirmed: 2, failed: 1, expired: 1, superseded: 0, pending: 0 },
      registrars: [
        {
          staffId: 'registrar-1',
          name: 'Ерлан Жақсылықов',
          started: 3,
          confirmed: 2,
          failed: 0,
          expired: 1,
          superseded: 0,
          pending: 0,
        },
        {
          staffId: 'supervisor-1',
          name: 'Гүлнар Оспанова',
          started: 1,
          confirmed: 0,
          failed: 1,
          expired: 0,
          superseded: 0,
          pending: 0,
        },
      ],
    })
    expect(await (await staffGet(hub, '/api/registration/stats', token)).json()).toEqual(stats)
    expect((await staffGet(hub, '/api/registration/stats?day=24.11.2026', token)).status).toBe(400)

    const csv = await (await staffGet(hub, `/api/registration/stats.csv?day=${day}&lang=ru`, token)).text()
    expect(parseCsv(csv.replace(/^\uFEFF/, ''))).toEqual([
      [
        'День',
        'ID сотрудника',
        'Сотрудник',
        'Начато',
        'Подтверждено',
        'Не удалось',
        'Истекло',
        'Начато заново',
        'Ещё открыто',
      ],
      [day, 'registrar-1', 'Ерлан Жақсылықов', '3', '2', '0', '1', '0', '0'],
      [day, 'supervisor-1', 'Гүлнар Оспанова', '1', '0', '1', '0', '0', '0'],
      [day, 'Итого', '', '4', '2', '1', '1', '0', '0'],
    ])
    const wrongMethod = await fetch(`${hub.url}/api/registration/stats`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    })
    expect(wrongMethod.status).toBe(405)
    expect(registrar.socket.connected).toBe(true)
  })
})

describe('retention', () => {
  it('erases the IIN and phone of ended bindings and of any binding past the period; masked copies stay', async () => {
    const clock = { now: Date.now() }
    const base = demoConfig()
    const config = centreConfigSchema.parse({
      ...base,
      registration: { ...base.registration, retentionDays: 30 },
    })
    // The periodic sweep is left to the test, which runs it at chosen times.
    hub = await startTestHub({
      config,
      now: () => clock.now,
      hubOptions: { registration: { sweepIntervalMs: 3_600_000 } },
    })
    const { registrar, binding, moved } = await deskDay(hub, clock)
    await eventually(async () => {
      const found = expectOk(
        await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
      )
      expect(found.bindings.every((b) => b.delivery?.status === 'delivered')).toBe(true)
    })
    // Another citizen, bound 10 days later: still within the period at the first purge.
    clock.now += 10 * DAY
    const other = expectOk(
      await register(
        registrar,
        'registration:start',
        startPayload({ iin: '800416300257', phone: '87051234567' }),
      ),
    )
    const kept = expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: other.registrationId,
        code: codeFromOutbox(hub.dataDir, other.registrationId),
      }),
    ).binding

    const desk = hub.hub.registration
    clock.now += 21 * DAY
    expect(await desk.purge()).toBe(2)
    expect(await desk.purge()).toBe(0)
    const db = (hub.store as SqliteEventStore).db
    const rows = db
      .prepare(
        'SELECT id, iin_hash, iin_sealed, phone_sealed, key_id, iin_masked, phone_masked, purged_at FROM bindings',
      )
      .all() as Array<{
      id: string
      iin_hash: string | null
      iin_sealed: string | null
      phone_sealed: string | null
      key_id: string | null
      iin_masked: string
      phone_masked: string
      purged_at: number | null
    }>
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const id of [binding.id, moved.id]) {
      expect(byId.get(id)).toMatchObject({
        iin_hash: null,
        iin_sealed: null,
        phone_sealed: null,
        key_id: null,
        iin_masked: '8710******27',
        purged_at: clock.now,
      })
    }
    // Kept, and sealed: the row holds no IIN in plain digits, only what the vault key opens.
    expect(byId.get(kept.id)).toMatchObject({
      purged_at: null,
      key_id: expect.stringMatching(/^[0-9a-f]{8}$/),
    })
    expect(JSON.stringify(byId.get(kept.id))).not.toContain('800416300257')
    expect(
      expectOk(await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }))
        .bindings,
    ).toEqual([])

    // An active binding is erased too once it is older than the period.
    clock.now += 11 * DAY
    expect(await desk.purge()).toBe(1)
    const found = expectOk(
      await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: '800416300257' }),
    )
    expect(found.bindings).toEqual([])

    // The sweep closes the code nobody entered. Then nowhere in the database does personal data remain:
    // not in challenges, outbox, submissions, audit, retry records or the event log.
    expect(await desk.expireCodes()).toBe(1)
    for (const table of [
      'bindings',
      'registration_challenges',
      'gateway_outbox',
      'mobile_citizen_submissions',
      'registration_audit',
      'command_results',
      'events',
    ]) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all())
      expect(
        leaks(dump).filter((found) => !found.includes('*') && !found.startsWith('+7 (')),
        table,
      ).toEqual([])
      expect(dump.includes('800416300257') || dump.includes('7051234567'), table).toBe(false)
    }
    const purges = db
      .prepare(`SELECT staff_id, old_value FROM registration_audit WHERE action = 'purge'`)
      .all()
    expect(purges).toHaveLength(3)
    expect(purges).toContainEqual({ staff_id: null, old_value: '8004******57, +7 (705) ***-**-67' })
  })
})

describe('files and logs', () => {
  it('the data folder is 0700 and every file in it 0600', async () => {
    const clock = { now: Date.now() }
    hub = await startTestHub({ now: () => clock.now })
    await deskDay(hub, clock)
    expect(statSync(hub.dataDir).mode & 0o777).toBe(0o700)
    const files = readdirSync(hub.dataDir)
    expect(files).toEqual(expect.arrayContaining(['kezek.sqlite', 'kezek.sqlite-wal', 'sms-outbox.jsonl']))
    for (const file of files) expect(statSync(join(hub.dataDir, file)).mode & 0o777, file).toBe(0o600)
  })

  it('the hub logs no IIN, phone or one-time code, even at debug level', async () => {
    const dataDir = makeTempDir()
    const lines: string[] = []
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      }),
    })
    const store = openSqliteStore(dataDir)
    const server = await openHub({ config: demoConfig(), store, logger })
    await server.listen(0)
    cleanups.push(() => removeDataDir(dataDir))
    cleanups.push(() => store.close())
    cleanups.push(() => server.close())
    const credentials = demoCredentials()
    const token = await signInAt(server.url(), 'registrar', credentials.passwords.registrar!)
    const registrar = await connectClient(server.url(), { role: 'staff', token })
    cleanups.push(() => registrar.close())
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const code = codeFromOutbox(dataDir, start.registrationId)
    expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    )
    expect(
      await register(registrar, 'registration:start', startPayload({ iin: '123456789011' })),
    ).toMatchObject({ ok: false })
    await eventually(() => expect(lines.join('')).toContain('submission delivered'))
    const log = lines.join('')
    expect(log).toContain('binding confirmed')
    expect(leaks(log)).toEqual([])
    expect(log).not.toContain(code)
  })
})

describe('the demo SMS outbox', () => {
  it('keeps a sent code only while it can be entered, and never the full number', async () => {
    const clock = { now: Date.now() }
    hub = await startTestHub({
      now: () => clock.now,
      hubOptions: { registration: { sweepIntervalMs: 3_600_000 } },
    })
    const registrar = await hub.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const file = join(hub.dataDir, 'sms-outbox.jsonl')
    expect(codeFromOutbox(hub.dataDir, start.registrationId)).toMatch(/^\d{6}$/)
    expect(readFileSync(file, 'utf8')).not.toContain(CITIZEN.e164.slice(2))
    // Four minutes on, the code still counts: the sweep keeps it.
    clock.now += 4 * 60_000
    await hub.hub.registration.sweep()
    expect(readFileSync(file, 'utf8')).toContain(start.registrationId)
    // Past its five minutes, the code is dead: the sweep drops the line.
    clock.now += 2 * 60_000
    await hub.hub.registration.sweep()
    expect(readFileSync(file, 'utf8')).not.toContain(start.registrationId)
  })
})
