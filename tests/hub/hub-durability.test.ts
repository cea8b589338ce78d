/**
 * What survives: a hub process killed mid-load keeps every acknowledged ticket and numbers on without
 * reuse; a client that was away catches up with exactly the events it missed, or gets a snapshot.
 */
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { evolve, type EventEnvelope, type TicketStatus } from '../../src-shared/domain'
import { publicEvent, publicState, type Ack, type Snapshot, type SyncResult } from '../../src-shared/protocol'
import {
  connectClient,
  demoCredentials,
  expectOk,
  getHealth,
  makeTempDir,
  signInAt,
  spawnHubProcess,
  startTestHub,
  type HubProcess,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { createTestSchema, describePostgres, type TestSchema } from '../support/postgres'

const credentials = demoCredentials()
const deviceAuth = (deviceId: string, lastSeq?: number) => ({
  role: 'device',
  deviceId,
  key: credentials.deviceKeys[deviceId]!,
  ...(lastSeq !== undefined ? { lastSeq } : {}),
})

/** How far along its lifecycle a ticket is; a status the hub acked may only have moved forward since. */
const PROGRESS: Record<TicketStatus, number> = {
  expected: 0,
  waiting: 0,
  called: 1,
  serving: 2,
  done: 3,
  no_show: 3,
  cancelled: 3,
  lapsed: 3,
  closed: 3,
}

let dataDir: string
const processes: HubProcess[] = []
const clients: TestClient[] = []

beforeEach(() => {
  dataDir = makeTempDir()
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  for (const proc of processes.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM')
      await proc.exited
    }
  }
  rmSync(dataDir, { recursive: true, force: true })
})

async function connect(url: string, auth: Record<string, unknown>): Promise<TestClient> {
  const client = await connectClient(url, auth)
  clients.push(client)
  return client
}

/** `--store` and its URL to run on PostgreSQL; nothing for the SQLite file in the data folder. */
let storeArgs: string[] = []

async function spawnHub(): Promise<HubProcess> {
  const proc = await spawnHubProcess(dataDir, storeArgs)
  processes.push(proc)
  return proc
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a hub process killed mid-load', () => {
  it('keeps every acknowledged ticket and continues numbering without reuse', killMidLoad, 45_000)
})

describePostgres('a hub process on PostgreSQL killed mid-load', () => {
  let schema: TestSchema
  beforeAll(async () => {
    schema = await createTestSchema()
    storeArgs = ['--store', schema.url]
  })
  afterAll(async () => {
    storeArgs = []
    await schema?.drop()
  })

  it('keeps every acknowledged ticket and continues numbering without reuse', killMidLoad, 45_000)
})

/** Load from three kiosks and a consultant, kill -9, restart on the same store, check every ack. */
async function killMidLoad(): Promise<void> {
  const first = await spawnHub()
  const kiosks = await Promise.all(
    ['kiosk-1', 'kiosk-1', 'kiosk-2'].map((id) => connect(first.url, deviceAuth(id))),
  )
  const token = await signInAt(first.url, 'consultant1', credentials.passwords.consultant1!)
  const consultant = await connect(first.url, { role: 'staff', token })
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))

  /** What the hub acknowledged: ticket id -> number and the furthest status acked. */
  const acked = new Map<string, { number: string; status: TicketStatus }>()
  let highestSeq = 0
  let issuedCount = 0
  let finishedCount = 0
  const note = (ack: Ack, ticketId: string, status: TicketStatus, number?: string) => {
    if (!ack.ok) return
    highestSeq = Math.max(highestSeq, ack.seq)
    const known = acked.get(ticketId)
    acked.set(ticketId, { number: number ?? known!.number, status })
  }
  const services = ['no-criminal-record', 'psychiatric-certificate', 'digital-signature']

  // Each loop runs until the connection drops under it.
  const kioskLoops = kiosks.map(async (kiosk, k) => {
    for (let i = 0; ; i++) {
      const ack = await kiosk
        .command('ticket:issue', { serviceId: services[(i + k) % services.length]! })
        .catch(() => null)
      if (!ack) return
      const { ticket } = expectOk(ack)
      note(ack, ticket.id, 'waiting', ticket.number)
      issuedCount++
    }
  })
  const consultantLoop = (async () => {
    for (;;) {
      const call = await consultant.command('ticket:call-next', { deskId: 'desk-1' }).catch(() => null)
      if (!call) return
      if (!call.ok) {
        expect(call.error.code).toBe('queue_empty')
        await sleep(2)
        continue
      }
      note(call, call.ticket.id, 'called', call.ticket.number)
      const start = await consultant.command('ticket:start', { ticketId: call.ticket.id }).catch(() => null)
      if (!start) return
      note(expectOk(start), call.ticket.id, 'serving')
      const finish = await consultant.command('ticket:finish', { ticketId: call.ticket.id }).catch(() => null)
      if (!finish) return
      note(expectOk(finish), call.ticket.id, 'done')
      finishedCount++
    }
  })()

  const deadline = Date.now() + 15_000
  while ((issuedCount < 60 || finishedCount < 5) && Date.now() < deadline) await sleep(5)
  expect(issuedCount, first.output()).toBeGreaterThanOrEqual(60)
  first.child.kill('SIGKILL')
  expect((await first.exited).signal).toBe('SIGKILL')
  await Promise.all([...kioskLoops, consultantLoop])
  const statuses = new Set([...acked.values()].map((t) => t.status))
  expect(statuses.has('waiting') && statuses.has('done')).toBe(true)

  // Restart on the same data folder; the consultant's session survives the restart too.
  const second = await spawnHub()
  const supervisorToken = await signInAt(second.url, 'supervisor', credentials.passwords.supervisor!)
  const supervisor = await connect(second.url, { role: 'staff', token: supervisorToken })
  const reconnected = await connect(second.url, { role: 'staff', token })
  const { state, seq } = supervisor.snapshot
  expect(seq).toBeGreaterThanOrEqual(highestSeq)
  expect((await getHealth(second.url)).seq).toBe(seq)
  for (const [id, { number, status }] of acked) {
    const ticket = state.tickets[id]
    expect(ticket, `acknowledged ticket ${number} is lost`).toBeDefined()
    expect(ticket!.number).toBe(number)
    expect(
      PROGRESS[ticket!.status],
      `${number} was acked ${status}, is ${ticket!.status}`,
    ).toBeGreaterThanOrEqual(PROGRESS[status])
  }
  expect(state.desks['desk-1']).toMatchObject({ status: 'open', staffId: 'consultant-1' })
  expect(reconnected.snapshot.seq).toBe(seq)

  // The next tickets continue each prefix's numbering.
  const kiosk = await connect(second.url, deviceAuth('kiosk-1'))
  const numbersBefore = new Set(Object.values(state.tickets).map((t) => t.number))
  for (const serviceId of services) {
    const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId }))
    const prefix = ticket.number.replace(/\d+$/, '')
    expect(numbersBefore.has(ticket.number), `${ticket.number} reused`).toBe(false)
    expect(Number(ticket.number.slice(prefix.length))).toBe((state.counters[prefix] ?? 0) + 1)
  }
}

describe('a client that was away', () => {
  let hub: TestHub

  afterEach(async () => {
    await hub?.close()
  })

  it('reconnects with lastSeq and receives exactly the events it missed', async () => {
    hub = await startTestHub({ dataDir })
    const observer = await hub.staffClient('supervisor')
    const kiosk = await hub.deviceClient('kiosk-1')
    const consultant = await hub.staffClient('consultant1')
    const display = await hub.deviceClient('display-1')
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    await display.waitForSeq((await hub.health()).seq)
    const lastSeq = display.lastSeq()
    const before = display.state()
    display.close()

    // While the display is off: three more tickets, a desk opens, a call and a recall.
    for (let i = 0; i < 3; i++)
      expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' }))
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    const call = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    expectOk(await consultant.command('ticket:recall', { ticketId: call.ticket.id }))
    const now = (await hub.health()).seq
    expect(now - lastSeq).toBe(6)

    const back = await hub.deviceClient('display-1', { lastSeq })
    expect(back.received.map((r) => r.event)).toEqual(['sync:events'])
    const missed = back.received[0]!.data as EventEnvelope[]
    expect(missed.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6].map((n) => lastSeq + n))
    await observer.waitForSeq(now)
    const expected = observer.facts().filter((e) => e.seq > lastSeq)
    expect(missed).toEqual(expected.map(publicEvent))
    expect(JSON.stringify(missed)).not.toContain('trackToken')

    // Applied to what it had, the display shows the hall exactly as if it had never been away.
    const caughtUp = structuredClone(before)
    for (const event of missed) evolve(caughtUp, event)
    expect(caughtUp).toEqual(publicState(observer.state()))
    expect(caughtUp.calls.at(-1)).toMatchObject({ number: 'A001', deskId: 'desk-1', recall: true })

    // And it is back on the live feed.
    const more = expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' }))
    expect(await back.waitFor<EventEnvelope>('ticket:issued')).toMatchObject({ seq: more.seq })
  })

  it('asks sync:since and gets the events after its seq', async () => {
    hub = await startTestHub({ dataDir })
    const kiosk = await hub.deviceClient('kiosk-1')
    const display = await hub.deviceClient('display-1')
    const from = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).seq
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const last = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).seq

    const since = expectOk(await display.syncSince(from))
    expect(since).toMatchObject({ seq: last, kind: 'events' })
    const events = (since as Extract<SyncResult, { kind: 'events' }>).events
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [from + 1, 'ticket:issued'],
      [from + 2, 'ticket:issued'],
    ])
    expect(JSON.stringify(events)).not.toContain('trackToken')
    expect(expectOk(await display.syncSince(last))).toMatchObject({ kind: 'events', events: [] })
  })

  it('with a lastSeq ahead of the hub (a wiped data folder) gets a snapshot', async () => {
    hub = await startTestHub({ dataDir })
    const kiosk = await hub.deviceClient('kiosk-1')
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const display = await connectClient(hub.url, deviceAuth('display-1', 500))
    clients.push(display)
    expect(display.received.map((r) => r.event)).toEqual(['sync:snapshot'])
    expect(display.snapshot.seq).toBe(2)
  })

  it('from before what the hub keeps in memory gets a snapshot', async () => {
    // After a restart the hub keeps only today's events in memory; a display that was off since
    // yesterday asks for more than that.
    let clock = Date.UTC(2025, 2, 10, 5, 0, 0) // Monday 10:00 in Astana
    const now = () => clock
    hub = await startTestHub({ dataDir, now })
    const kiosk = await hub.deviceClient('kiosk-1')
    const display = await hub.deviceClient('display-1')
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })) // seq 1 day:opened, 2
    await display.waitForSeq(2)
    display.close()
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })) // seq 3
    clock += 24 * 60 * 60_000
    const today = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    // Seqs 4 and 5 close yesterday's two tickets still waiting, 6 opens the day, 7 is the ticket.
    expect(today).toMatchObject({ seq: 7, ticket: { number: 'A001' } })
    await hub.close()

    hub = await startTestHub({ dataDir, now })
    const stale = await connectClient(hub.url, deviceAuth('display-1', 2))
    clients.push(stale)
    expect(stale.received.map((r) => r.event)).toEqual(['sync:snapshot'])
    const snapshot: Snapshot = stale.snapshot
    expect(snapshot).toMatchObject({ seq: 7, state: { day: '2025-03-11' } })
    expect(Object.values(snapshot.state.tickets).map((t) => t.number)).toEqual(['A001'])
    expect(expectOk(await stale.syncSince(2))).toMatchObject({ kind: 'snapshot', snapshot: { seq: 7 } })

    // One that saw all of yesterday, its closing included, still gets events: the new day's opening
    // clears its board.
    const yesterdays = await hub.deviceClient('display-2', { lastSeq: 5 })
    const events = yesterdays.received[0]!.data as EventEnvelope[]
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [6, 'day:opened'],
      [7, 'ticket:issued'],
    ])
  })

  it('further back than the events kept in memory gets a snapshot, and nearer gets events', async () => {
    hub = await startTestHub({ dataDir, hubOptions: { recentEvents: 10 } })
    const kiosk = await hub.deviceClient('kiosk-1')
    for (let i = 0; i < 30; i++)
      expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const display = await hub.deviceClient('display-1')
    const seq = display.snapshot.seq
    expect(expectOk(await display.syncSince(seq - 25))).toMatchObject({ kind: 'snapshot', snapshot: { seq } })
    const near = expectOk(await display.syncSince(seq - 5))
    expect(near).toMatchObject({ kind: 'events' })
    expect((near as Extract<SyncResult, { kind: 'events' }>).events.map((e) => e.seq)).toEqual(
      [4, 3, 2, 1, 0].map((n) => seq - n),
    )
  })
})
