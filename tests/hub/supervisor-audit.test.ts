/**
 * The audit export (`GET /api/audit.csv`) lists the supervisor's acts and the admin's config changes
 * beside the registration desk's rows, on SQLite and on PostgreSQL: one row per act with who, what (in
 * words), which ticket or window, the reason or message and when a message was read, in time order; a
 * range of other days holds none of them; a projector that restarts after facts it never saw (kill -9)
 * folds each act once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import { localDay } from '../../src-shared/domain'
import { createLogger } from '../../src-main/hub/logger'
import { actsBetween, openReportRecords, ReportProjector } from '../../src-main/hub/reports'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import type { AsyncEventStore } from '../../src-main/hub/store/types'
import { adminCall } from '../support/admin-api'
import { parseCsv } from '../support/csv'
import { expectOk, makeTempDir, removeDataDir, startTestHub, TUESDAY_MORNING } from '../support/hub-harness'
import { createTestSchema, describePostgres, type TestSchema } from '../support/postgres'
import { LogBuilder, REPORT_ZONE, TUESDAY, WEDNESDAY } from '../support/report-log'
import { staffGet } from './fixtures/registration'

const logger = createLogger({ level: 'silent' })
let schema: TestSchema | null = null

type Kind = 'sqlite' | 'postgres'

async function auditOf(kind: Kind) {
  const clock = { now: TUESDAY_MORNING + 4 * 60 * 60_000 }
  const dataDir = makeTempDir()
  const start = () =>
    startTestHub({
      now: () => clock.now,
      dataDir,
      ...(kind === 'postgres' ? { postgresUrl: schema!.url } : {}),
    })
  let hub = await start()
  try {
    const tick = () => void (clock.now += 60_000)
    const supervisor = await hub.staffClient('supervisor')
    const consultant = await hub.staffClient('consultant1')
    const kiosk = await hub.deviceClient('kiosk-1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
    const issue = async () => {
      tick()
      return expectOk(await kiosk.command('ticket:issue', { serviceId: 'id-card-passport' })).ticket
    }
    const [t1, t2, t3] = [await issue(), await issue(), await issue()]
    const first = await hub.signIn('supervisor')
    // An export before the acts: a desk row the acts must sort after.
    await staffGet(hub, `/api/figures.csv`, first)
    const act = async (type: string, data: Record<string, unknown>) => {
      tick()
      return expectOk(await supervisor.command(type as never, data as never))
    }
    await act('ticket:prioritise', { ticketId: t3.id, front: true, reason: 'came back from the cashier' })
    await act('ticket:prioritise', { ticketId: t2.id, categoryId: 'veterans', reason: 'showed a card' })
    await act('ticket:prioritise', { ticketId: t2.id, categoryId: 'disability', reason: 'wrong card' })
    await act('ticket:prioritise', { ticketId: t2.id, categoryId: null, reason: 'no card after all' })
    await act('ticket:transfer', { ticketId: t2.id, serviceId: 'no-criminal-record', reason: 'wrong line' })
    await act('ticket:cancel', { ticketId: t1.id, reason: 'left the centre' })
    await act('desk:open', {
      deskId: 'desk-3',
      staffId: 'consultant-1',
      serviceIds: ['id-card-passport', 'no-criminal-record'],
      reason: 'certificates queue is long',
    })
    await act('ticket:call', { deskId: 'desk-3', ticketId: t3.id, reason: 'elderly, waited long' })
    // As after a kill -9 between a commit and its report rows: the projector stops, the log goes on.
    await hub.hub.reports!.projector.idle()
    await hub.hub.reports!.projector.stop()
    await act('desk:message', { deskId: 'desk-3', text: 'Take window 5 after this one' })
    const sent = supervisor.state().messages!
    const messageId = Object.keys(sent)[0]!
    tick()
    expectOk(await consultant.command('desk:message-read', { messageId }))
    tick()
    expectOk(await consultant.command('ticket:start', { ticketId: t3.id }))
    tick()
    expectOk(await consultant.command('ticket:finish', { ticketId: t3.id }))
    await act('desk:pause', { deskId: 'desk-3', reason: 'printer jammed' })
    // A consultant's own resume and pause are theirs, not a supervisor's acts: not among the acts.
    tick()
    expectOk(await consultant.command('desk:resume', { deskId: 'desk-3' }))
    tick()
    expectOk(await consultant.command('desk:pause', { deskId: 'desk-3' }))
    tick()
    const admin = await hub.signIn('admin')
    const services = structuredClone(hub.config.services)
    services.find((s) => s.id === 'no-criminal-record')!.expectedMinutes = 9
    expect((await adminCall(hub.url, admin, 'PUT', 'config/services', { value: services })).status).toBe(200)

    // The hub starts again: the report tables catch up with what the stopped projector missed.
    await hub.close()
    hub = await start()
    await hub.hub.reports!.projector.idle()
    const token = await hub.signIn('supervisor')
    const day = localDay(clock.now, 'Asia/Almaty')
    const get = async (from: string, to: string, lang = 'en') =>
      parseCsv(
        (
          await (await staffGet(hub, `/api/audit.csv?from=${from}&to=${to}&lang=${lang}`, token)).text()
        ).replace(/^\uFEFF/, ''),
      )
    const rows = await get(day, day)
    const other = await get('2026-11-25', '2026-11-26')
    // Headers and the acts' words in Kazakh when asked.
    const kk = await get(day, day, 'kk')
    expect(kk[0]!.slice(11)).toEqual(['Талон / терезе', 'Оқылған уақыты (Asia/Almaty)'])
    expect(kk.map((r) => r[5])).toContain('Супервайзер талонды болдырмады')
    // A category given is named in the language asked.
    expect(kk.map((r) => r[5])).toContain('Супервайзер талонға «Ардагерлер» басымдық санатын берді')
    expect(kk.map((r) => r[11])).toContain(
      `${t3.number} / ${hub.config.desks.find((d) => d.id === 'desk-3')!.label}-терезе`,
    )
    const label = `Window ${hub.config.desks.find((d) => d.id === 'desk-3')!.label}`
    return { rows, other, numbers: [t1.number, t2.number, t3.number], label }
  } finally {
    await hub.close()
    removeDataDir(dataDir)
  }
}

function expectActs({ rows, other, numbers, label }: Awaited<ReturnType<typeof auditOf>>): void {
  const [header, ...body] = rows
  expect(header).toEqual([
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
  const [n1, n2, n3] = numbers
  const acts = body.filter((r) => r[5]!.startsWith('Supervisor') || r[5]!.startsWith('Admin'))
  const pick = (r: string[]) => [r[2], r[5], r[8], r[9], r[10], r[11]]
  expect(acts.map(pick)).toEqual([
    [
      'supervisor-1',
      'Supervisor moved a ticket to the front of its line',
      '',
      '',
      'came back from the cashier',
      n3,
    ],
    [
      'supervisor-1',
      'Supervisor gave a ticket the priority category "Veterans"',
      '',
      'Veterans',
      'showed a card',
      n2,
    ],
    [
      'supervisor-1',
      'Supervisor gave a ticket the priority category "People with disabilities"',
      'Veterans',
      'People with disabilities',
      'wrong card',
      n2,
    ],
    [
      'supervisor-1',
      'Supervisor took the priority category "People with disabilities" from a ticket',
      'People with disabilities',
      '',
      'no card after all',
      n2,
    ],
    [
      'supervisor-1',
      'Supervisor transferred a ticket',
      'id-card-passport',
      'no-criminal-record',
      'wrong line',
      n2,
    ],
    ['supervisor-1', 'Supervisor cancelled a ticket', '', '', 'left the centre', n1],
    [
      'supervisor-1',
      'Supervisor opened or re-staffed a window',
      '',
      'id-card-passport no-criminal-record',
      'certificates queue is long',
      label,
    ],
    [
      'supervisor-1',
      'Supervisor called a ticket to a window',
      '',
      '',
      'elderly, waited long',
      `${n3} / ${label}`,
    ],
    ['supervisor-1', 'Supervisor wrote to a consultant', '', '', 'Take window 5 after this one', label],
    ['supervisor-1', 'Supervisor paused a window', '', '', 'printer jammed', label],
    ['admin-1', 'Admin changed the settings', '', expect.stringMatching(/^v\d+$/), 'services', ''],
  ])
  expect(acts[0]![3]).not.toBe('')
  // The message's row says when it was read: a minute after it was sent.
  const message = acts.find((r) => r[5] === 'Supervisor wrote to a consultant')!
  expect(message[12]).not.toBe('')
  expect(Date.parse(message[12]!.replace(' ', 'T')) - Date.parse(message[0]!.replace(' ', 'T'))).toBe(60_000)
  // In time order with the desk's rows: the figures export came before every act.
  const times = body.map((r) => r[0]!)
  expect([...times].sort()).toEqual(times)
  const figures = body.findIndex((r) => r[5] === 'export' && r[10]!.startsWith('figures.csv'))
  expect(figures).toBeGreaterThanOrEqual(0)
  expect(figures).toBeLessThan(body.indexOf(acts[0]!))
  // Other days hold none of them.
  expect(other.slice(1).filter((r) => r[5]!.startsWith('Supervisor') || r[5]!.startsWith('Admin'))).toEqual(
    [],
  )
}

/** Each act of a day as facts, from seq `from`. */
function actsLog(b: LogBuilder, day: string): LogBuilder {
  return b
    .at(day, '09:00', {
      type: 'ticket:issued',
      ticketId: `t-${day}`,
      number: 'A001',
      prefix: 'A',
      serviceId: 'a',
      categoryId: null,
      bookedFor: null,
    })
    .at(day, '09:05', { type: 'ticket:cancelled', ticketId: `t-${day}`, by: 'sup', reason: 'left' })
    .at(day, '09:06', { type: 'desk:paused', deskId: 'd1', by: 'sup', reason: 'jam' })
    .at(day, '09:07', { type: 'desk:paused', deskId: 'd2', reason: 'lunch' })
    .at(day, '09:08', {
      type: 'staff:messaged',
      messageId: `m-${day}`,
      deskId: 'd1',
      staffId: 's1',
      text: 'hi',
      by: 'sup',
    })
    .at(day, '09:09', { type: 'staff:message-read', messageId: `m-${day}`, staffId: 's1' })
}

async function catchUpOnce(store: AsyncEventStore): Promise<void> {
  const b = actsLog(new LogBuilder(), TUESDAY)
  const first = b.events.length
  actsLog(b, WEDNESDAY)
  const commit = (events: EventEnvelope[]) => store.commit({ events, results: [] })
  const start = async () => {
    const records = (await openReportRecords(store))!
    const projector = new ReportProjector({ records, store, centre: { timeZone: REPORT_ZONE }, logger })
    await projector.start()
    await projector.idle()
    return { projector, records }
  }
  await commit(b.events.slice(0, first))
  const a = await start()
  expect((await actsBetween(a.records, TUESDAY, WEDNESDAY)).map((r) => r.kind)).toEqual([
    'ticket_cancelled',
    'desk_paused',
    'staff_messaged',
  ])
  // The projector dies; Wednesday's facts are committed meanwhile; the next one folds them, once each.
  await a.projector.stop()
  await commit(b.events.slice(first))
  const again = await start()
  const acts = await actsBetween(again.records, TUESDAY, WEDNESDAY)
  expect(acts.map((r) => [r.day, r.kind, r.ticketNumber, r.deskId, r.reason])).toEqual([
    [TUESDAY, 'ticket_cancelled', 'A001', null, 'left'],
    [TUESDAY, 'desk_paused', null, 'd1', 'jam'],
    [TUESDAY, 'staff_messaged', null, 'd1', 'hi'],
    [WEDNESDAY, 'ticket_cancelled', 'A001', null, 'left'],
    [WEDNESDAY, 'desk_paused', null, 'd1', 'jam'],
    [WEDNESDAY, 'staff_messaged', null, 'd1', 'hi'],
  ])
  expect(acts.filter((r) => r.kind === 'staff_messaged').every((r) => r.readAt === r.at + 60_000)).toBe(true)
  expect((await actsBetween(again.records, WEDNESDAY, WEDNESDAY)).length).toBe(3)
  // A rebuild from the log gives the same rows.
  await again.projector.rebuild()
  expect(await actsBetween(again.records, TUESDAY, WEDNESDAY)).toEqual(acts)
  await again.projector.stop()
}

describe('the audit export on SQLite', () => {
  it("lists each supervisor's act and the admin's config change, in time order with the desk's rows", async () => {
    expectActs(await auditOf('sqlite'))
  }, 60_000)

  it('a projector restarted after facts it never saw folds each act once', async () => {
    const dir = makeTempDir()
    const store = openSqliteStore(dir)
    try {
      await catchUpOnce(store)
    } finally {
      await store.close()
      removeDataDir(dir)
    }
  })
})

describePostgres('the audit export on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })

  it("lists each supervisor's act and the admin's config change, in time order with the desk's rows", async () => {
    expectActs(await auditOf('postgres'))
  }, 60_000)

  it('a projector restarted after facts it never saw folds each act once', async () => {
    const store = await openPostgresStore(schema!.url, { centreId: 'acts-catch-up' })
    try {
      await catchUpOnce(store)
    } finally {
      await store.close()
    }
  })
})
