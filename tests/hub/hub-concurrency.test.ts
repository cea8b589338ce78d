/**
 * Many kiosks and many desks at once against one real hub: numbers stay unique and contiguous, and
 * parallel calls never hand one ticket to two desks nor leave one behind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CentreConfig, DeskConfig } from '../../src-shared/config'
import { evolve, pickNext, rankMap, type EventEnvelope } from '../../src-shared/domain'
import type { IssuedTicket, PublicTicket } from '../../src-shared/protocol'
import {
  expectOk,
  extendDemoConfig,
  startTestHub,
  type Credentials,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'

const TICKETS = 200

/** Services with six different prefixes, issued in turn. */
const SERVICES = [
  'no-criminal-record',
  'psychiatric-certificate',
  'id-card-passport',
  'digital-signature',
  'residence-registration',
  'old-age-pension',
]

/** Every 9th ticket is a veteran's, every 13th a person's with a disability: priority mixed into the load. */
function categoryOf(i: number): string | null {
  if (i % 13 === 5) return 'disability'
  if (i % 9 === 4) return 'veterans'
  return null
}

/** Ten desks with overlapping services, so several desks compete for the same queues. */
const DESK_SERVICES: Record<string, string[]> = {
  'desk-1': ['no-criminal-record', 'psychiatric-certificate', 'residence-registration'],
  'desk-2': ['no-criminal-record', 'psychiatric-certificate', 'residence-registration'],
  'desk-3': ['id-card-passport', 'digital-signature', 'no-criminal-record'],
  'desk-4': ['id-card-passport', 'digital-signature', 'no-criminal-record'],
  'desk-5': ['old-age-pension', 'residence-registration', 'digital-signature', 'psychiatric-certificate'],
  'desk-6': ['old-age-pension', 'residence-registration', 'digital-signature', 'psychiatric-certificate'],
  'desk-7': ['no-criminal-record', 'psychiatric-certificate', 'residence-registration'],
  'desk-8': ['id-card-passport', 'digital-signature', 'no-criminal-record'],
  'desk-9': ['old-age-pension', 'residence-registration', 'digital-signature', 'psychiatric-certificate'],
  'desk-10': ['id-card-passport', 'old-age-pension'],
}

/** The demo's three consultants and seven more, one per desk. */
const CONSULTANTS = Array.from({ length: 10 }, (_, i) => `consultant${i + 1}`)

let config: CentreConfig
let credentials: Credentials
let hub: TestHub

beforeEach(async () => {
  if (!config) {
    const extraDesks: DeskConfig[] = [7, 8, 9, 10].map((n) => ({
      id: `desk-${n}`,
      label: String(n),
      serviceIds: ['no-criminal-record'],
    }))
    const extraStaff = CONSULTANTS.slice(3).map((login, i) => ({
      id: `consultant-${i + 4}`,
      login,
      password: 'kezek-test-consultant',
      roles: ['consultant' as const],
    }))
    ;({ config, credentials } = await extendDemoConfig({ staff: extraStaff, desks: extraDesks }))
  }
  hub = await startTestHub({ config, credentials })
})

afterEach(async () => {
  await hub.close()
})

/** Issues `TICKETS` tickets at once from four kiosk connections (two per kiosk device). */
async function issueConcurrently(): Promise<IssuedTicket[]> {
  const kiosks = await Promise.all(
    ['kiosk-1', 'kiosk-1', 'kiosk-2', 'kiosk-2'].map((id) => hub.deviceClient(id)),
  )
  const acks = await Promise.all(
    Array.from({ length: TICKETS }, (_, i) =>
      kiosks[i % kiosks.length]!.command('ticket:issue', {
        serviceId: SERVICES[i % SERVICES.length]!,
        categoryId: categoryOf(i),
      }),
    ),
  )
  return acks.map((ack) => expectOk(ack).ticket)
}

const counterOf = (number: string) => Number(number.replace(/^\D+/, ''))

describe('200 tickets issued at once', () => {
  it('get 200 different numbers, contiguous per prefix, and one event each', async () => {
    const kiosks = await Promise.all(
      ['kiosk-1', 'kiosk-1', 'kiosk-2', 'kiosk-2'].map((id) => hub.deviceClient(id)),
    )
    const acks = await Promise.all(
      Array.from({ length: TICKETS }, (_, i) =>
        kiosks[i % kiosks.length]!.command('ticket:issue', { serviceId: SERVICES[i % SERVICES.length]! }),
      ),
    )
    const issued = acks.map((ack) => expectOk(ack))
    expect(new Set(issued.map((a) => a.ticket.id)).size).toBe(TICKETS)
    expect(new Set(issued.map((a) => a.ticket.number)).size).toBe(TICKETS)

    const byPrefix = new Map<string, number[]>()
    for (const { ticket } of issued) {
      const prefix = ticket.number.replace(/\d+$/, '')
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), counterOf(ticket.number)])
    }
    expect([...byPrefix.keys()].sort()).toEqual(['A', 'B', 'F', 'G', 'J', 'M'])
    for (const [prefix, counters] of byPrefix) {
      const expected = Array.from({ length: counters.length }, (_, i) => i + 1)
      expect(
        counters.sort((a, b) => a - b),
        `prefix ${prefix}`,
      ).toEqual(expected)
    }

    // One ticket, one event: the acks' seqs are exactly the seqs after the day's opening.
    const seqs = issued.map((a) => a.seq).sort((a, b) => a - b)
    expect(seqs).toEqual(Array.from({ length: TICKETS }, (_, i) => i + 2))
    expect((await hub.health()).seq).toBe(TICKETS + 1)

    // A supervisor who signs in now sees the same 200 waiting tickets.
    const supervisor = await hub.staffClient('supervisor')
    const tickets = Object.values(supervisor.snapshot.state.tickets)
    expect(tickets).toHaveLength(TICKETS)
    expect(tickets.every((t) => t.status === 'waiting')).toBe(true)
    expect(supervisor.snapshot.state.counters).toEqual(
      Object.fromEntries([...byPrefix].map(([prefix, counters]) => [prefix, counters.length])),
    )
  })
})

describe('ten desks calling in parallel', () => {
  it('call every ticket exactly once, none skipped, in policy order per service', async () => {
    const observer = await hub.staffClient('supervisor')
    const issued = await issueConcurrently()
    const consultants = await Promise.all(CONSULTANTS.map((login) => hub.staffClient(login)))
    const desks = Object.keys(DESK_SERVICES)
    await Promise.all(
      desks.map(async (deskId, i) =>
        expectOk(await consultants[i]!.command('desk:open', { deskId, serviceIds: DESK_SERVICES[deskId]! })),
      ),
    )

    // 50 call-next requests at once, five per desk: each desk gets one ticket, the rest are told it is busy.
    const firstRound = await Promise.all(
      desks.flatMap((deskId, i) =>
        Array.from({ length: 5 }, () => consultants[i]!.command('ticket:call-next', { deskId })),
      ),
    )
    const firstTickets = new Map<string, PublicTicket>()
    firstRound.forEach((ack, j) => {
      const deskId = desks[Math.floor(j / 5)]!
      if (ack.ok) {
        expect(firstTickets.has(deskId), `${deskId} got two tickets at once`).toBe(false)
        firstTickets.set(deskId, ack.ticket)
      } else {
        expect(ack.error.code).toBe('desk_busy')
      }
    })
    expect([...firstTickets.keys()].sort()).toEqual([...desks].sort())

    // Then each desk works through the queue: serve or mark a no-show, call again, until nothing waits.
    const calledPerDesk = await Promise.all(
      desks.map((deskId, i) => serveUntilEmpty(consultants[i]!, deskId, firstTickets.get(deskId)!)),
    )
    const called = calledPerDesk.flat()
    expect(called).toHaveLength(TICKETS)
    expect(new Set(called.map((t) => t.id))).toEqual(new Set(issued.map((t) => t.id)))

    // The observer saw the whole day, contiguous, with exactly one call per ticket.
    const finalSeq = (await hub.health()).seq
    await observer.waitForSeq(finalSeq)
    const facts = observer.facts()
    expect(facts.map((e) => e.seq)).toEqual(Array.from({ length: finalSeq }, (_, i) => i + 1))
    const calls = facts.filter(
      (e): e is EventEnvelope & { type: 'ticket:called' } => e.type === 'ticket:called',
    )
    expect(calls).toHaveLength(TICKETS)
    expect(new Set(calls.map((e) => e.ticketId)).size).toBe(TICKETS)

    const reasons = new Set(calls.map((e) => e.reason))
    expect(reasons.has('priority') && reasons.has('regular')).toBe(true)
    expectEveryCallFollowsPolicy(observer, facts)
    expectArrivalOrderPerServiceAndClass(observer, calls)

    const state = observer.state()
    expect(Object.values(state.tickets).every((t) => t.status === 'done' || t.status === 'no_show')).toBe(
      true,
    )
    expect(Object.values(state.queues).every((queue) => queue.length === 0)).toBe(true)
  })
})

/** One desk's day: serve (or mark a no-show every fifth), call next, until the hub says no one waits. */
async function serveUntilEmpty(
  client: TestClient,
  deskId: string,
  first: PublicTicket,
): Promise<PublicTicket[]> {
  const called: PublicTicket[] = []
  let ticket: PublicTicket | null = first
  while (ticket) {
    called.push(ticket)
    if (called.length % 5 === 0) {
      expectOk(await client.command('ticket:no-show', { ticketId: ticket.id }))
    } else {
      expectOk(await client.command('ticket:start', { ticketId: ticket.id }))
      expectOk(await client.command('ticket:finish', { ticketId: ticket.id }))
    }
    const next = await client.command('ticket:call-next', { deskId })
    if (next.ok) ticket = next.ticket
    else {
      expect(next.error.code, `${deskId}: ${next.error.message}`).toBe('queue_empty')
      ticket = null
    }
  }
  return called
}

/**
 * Replays the day from the observer's snapshot: before each call, the policy (the same pure function the
 * hub uses) must pick exactly the ticket the hub called, for the desk's services and streak at that time.
 * Concurrency must not have let a desk decide against a stale queue.
 */
function expectEveryCallFollowsPolicy(observer: TestClient, facts: EventEnvelope[]): void {
  const state = structuredClone(observer.snapshot.state)
  const categoryRanks = rankMap(config)
  for (const event of facts) {
    if (event.type === 'ticket:called') {
      const desk = state.desks[event.deskId]!
      const choice = pickNext(state, desk.serviceIds, {
        now: event.at,
        policy: config.policy,
        categoryRanks,
        streak: desk.priorityStreak,
      })
      expect(choice?.ticket.number, `call at seq ${event.seq}`).toBe(state.tickets[event.ticketId]!.number)
      expect(choice?.reason, `call at seq ${event.seq}`).toBe(event.reason)
    }
    evolve(state, event)
  }
}

/** Within one service and one class (regular, or one priority category), people are called in arrival order. */
function expectArrivalOrderPerServiceAndClass(
  observer: TestClient,
  calls: Array<EventEnvelope & { type: 'ticket:called' }>,
): void {
  const tickets = observer.state().tickets
  const lines = new Map<string, number[]>()
  for (const call of calls) {
    const ticket = tickets[call.ticketId]!
    const line = `${ticket.serviceId}/${ticket.categoryId ?? 'regular'}`
    lines.set(line, [...(lines.get(line) ?? []), counterOf(ticket.number)])
  }
  expect(lines.size).toBeGreaterThanOrEqual(SERVICES.length + 2)
  for (const [line, counters] of lines) {
    expect(counters, line).toEqual([...counters].sort((a, b) => a - b))
  }
}
