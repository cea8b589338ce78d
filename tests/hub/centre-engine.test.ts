import { describe, expect, it } from 'vitest'
import type { Actor, EventEnvelope } from '../../src-shared/domain'
import { CentreEngine } from '../../src-main/hub/centre-engine'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { createLogger } from '../../src-main/hub/logger'
import type {
  AsyncEventStore,
  CommitBatch,
  EventStore,
  StaffSessionRow,
} from '../../src-main/hub/store/types'

/** An in-memory store whose commit can be told to fail, as a full disk would. */
function memoryStore() {
  const events: EventEnvelope[] = []
  const results = new Map<string, { ack: string; fingerprint: string }>()
  const sessions = new Map<string, StaffSessionRow>()
  const state = { failNext: false, commits: 0 }
  const store: EventStore = {
    commit(batch: CommitBatch) {
      if (state.failNext) throw new Error('disk full')
      state.commits++
      events.push(...batch.events)
      for (const r of batch.results)
        results.set(`${r.principal}|${r.requestId}`, { ack: r.ack, fingerprint: r.fingerprint })
    },
    lastSeq: () => events[events.length - 1]?.seq ?? 0,
    eventsOfCurrentDay() {
      const start = events.map((e) => e.type).lastIndexOf('day:opened')
      return events.slice(Math.max(0, start))
    },
    eventsAfter: (after, limit) => events.filter((e) => e.seq > after).slice(0, limit),
    findResult: (principal, requestId) => results.get(`${principal}|${requestId}`),
    pruneResults: () => 0,
    saveSession: (s) => void sessions.set(s.tokenHash, s),
    findSession: (h) => sessions.get(h),
    deleteSession: (h) => void sessions.delete(h),
    deleteSessionsOf: () => 0,
    pruneSessions: () => 0,
    close: () => undefined,
  }
  return { store, events, state }
}

const kiosk: Actor = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' }
const config = loadCentreConfig(DEFAULT_CONFIG_PATH)
const serviceId = config.services[0]!.id

/**
 * A store that answers like PostgreSQL, with Promises, and whose commits the test resolves or fails
 * one by one: `commits` holds each batch with its pending outcome, in the order they were started.
 */
function asyncStore() {
  const { store: memory, events } = memoryStore()
  const commits: Array<{ batch: CommitBatch; resolve: () => void; reject: (error: Error) => void }> = []
  const lookups: Array<() => void> = []
  const state = { holdLookups: false }
  const store: AsyncEventStore = {
    commit(batch) {
      return new Promise<void>((resolve, reject) => {
        commits.push({
          batch,
          resolve: () => {
            memory.commit(batch)
            resolve()
          },
          reject,
        })
      })
    },
    lastSeq: () => memory.lastSeq(),
    eventsOfCurrentDay: async () => memory.eventsOfCurrentDay(),
    eventsAfter: async (after, limit) => memory.eventsAfter(after, limit),
    findResult(principal, requestId) {
      if (!state.holdLookups) return Promise.resolve(memory.findResult(principal, requestId))
      return new Promise((resolve) => lookups.push(() => resolve(memory.findResult(principal, requestId))))
    },
    pruneResults: async () => 0,
    saveSession: async (s) => memory.saveSession(s),
    findSession: async (h) => memory.findSession(h),
    deleteSession: async (h) => memory.deleteSession(h),
    deleteSessionsOf: async () => 0,
    pruneSessions: async () => 0,
    close: async () => undefined,
  }
  return { store, events, commits, lookups, state }
}

/** Lets every queued callback run: microtasks, setImmediate (the engine's drain) and a little more. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

let id = 0
function engineOn(
  store: AsyncEventStore,
  onFatal?: (error: unknown) => void,
  now: () => number = () => Date.UTC(2026, 10, 24, 6, 0, 0),
) {
  return new CentreEngine({
    config,
    store,
    logger: createLogger({ level: 'silent' }),
    now,
    newId: () => `t${++id}`,
    newToken: () => `token-${id}-abcdefghijklmnop`,
    onFatal,
  })
}

function openEngine(store: AsyncEventStore, onFatal?: (error: unknown) => void) {
  return CentreEngine.open({
    config,
    store,
    logger: createLogger({ level: 'silent' }),
    now: () => Date.UTC(2026, 10, 24, 6, 0, 0),
    newId: () => `t${++id}`,
    newToken: () => `token-${id}-abcdefghijklmnop`,
    onFatal,
  })
}

/** Tracks whether a promise has settled, without awaiting it. */
function watch<T>(promise: Promise<T>) {
  const seen: { done: boolean; value?: T } = { done: false }
  void promise.then((value) => Object.assign(seen, { done: true, value }))
  return seen
}

const issue = (engine: CentreEngine, requestId: string) =>
  engine.submit('device:kiosk-1', requestId, kiosk, { type: 'ticket:issue', serviceId })

describe('centre engine', () => {
  it('commits commands that arrive together in one transaction, and acks each', async () => {
    const { store, state, events } = memoryStore()
    const engine = engineOn(store)
    const acks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        engine.submit('device:kiosk-1', `request-${i}`, kiosk, { type: 'ticket:issue', serviceId }),
      ),
    )
    expect(acks.every((a) => a.ok)).toBe(true)
    expect(state.commits).toBe(1)
    // day:opened + 20 issues
    expect(events).toHaveLength(21)
  })

  it('answers storage_failed when the commit fails, stops taking commands and reports the failure', async () => {
    const { store, state } = memoryStore()
    const fatal: unknown[] = []
    const engine = engineOn(store, (error) => fatal.push(error))
    state.failNext = true
    const ack = await engine.submit('device:kiosk-1', 'request-1', kiosk, { type: 'ticket:issue', serviceId })
    expect(ack).toEqual({ ok: false, error: { code: 'storage_failed', message: expect.any(String) } })
    expect(fatal).toHaveLength(1)
    state.failNext = false
    const later = await engine.submit('device:kiosk-1', 'request-2', kiosk, {
      type: 'ticket:issue',
      serviceId,
    })
    expect(later.ok).toBe(false)
    expect(state.commits).toBe(0)
  })

  it('rebuilds the same state from the stored log', async () => {
    const { store } = memoryStore()
    const first = engineOn(store)
    for (let i = 0; i < 5; i++) {
      await first.submit('device:kiosk-1', `request-${i}`, kiosk, { type: 'ticket:issue', serviceId })
    }
    const second = engineOn(store)
    expect(second.state).toEqual(first.state)
    const ack = await second.submit('device:kiosk-1', 'request-9', kiosk, { type: 'ticket:issue', serviceId })
    expect(ack.ok && 'ticket' in ack && (ack.ticket as { number: string }).number).toMatch(/006$/)
    expect(Object.keys(second.state.tickets)).toHaveLength(6)
  })

  it('rebuilds the same state after the day has turned: desks and service times carry over in day:opened', async () => {
    const { store, events } = memoryStore()
    let clock = Date.UTC(2026, 10, 24, 14, 0, 0) // 19:00 in Almaty
    const first = engineOn(store, undefined, () => clock)
    const consultant: Actor = { kind: 'staff', staffId: 'consultant-1', roles: ['consultant'] }
    const send = (requestId: string, actor: Actor, command: Parameters<CentreEngine['submit']>[3]) =>
      first.submit(
        actor.kind === 'staff' ? 'staff:consultant-1' : 'device:kiosk-1',
        requestId,
        actor,
        command,
      )
    const deskId = config.desks[0]!.id
    expect((await send('open', consultant, { type: 'desk:open', deskId })).ok).toBe(true)
    await send('issue-1', kiosk, { type: 'ticket:issue', serviceId })
    const called = (await send('call', consultant, { type: 'ticket:call-next', deskId })) as unknown as {
      ticket: { id: string }
    }
    await send('start', consultant, { type: 'ticket:start', ticketId: called.ticket.id })
    clock += 7 * 60_000
    await send('finish', consultant, { type: 'ticket:finish', ticketId: called.ticket.id })
    expect(first.state.serviceTimes[serviceId]).toEqual([7 * 60_000])

    clock = Date.UTC(2026, 10, 24, 19, 30, 0) // 00:30 the next day in Almaty
    const morning = await send('issue-2', kiosk, { type: 'ticket:issue', serviceId })
    expect(morning.ok).toBe(true)
    expect(first.state.day).toBe('2026-11-25')
    expect(events.filter((e) => e.type === 'day:opened')).toHaveLength(2)

    // A restart replays only today's events: they alone must give the same desks and service times.
    const second = engineOn(store, undefined, () => clock)
    expect(second.state).toEqual(first.state)
    expect(second.state.desks[deskId]).toMatchObject({ status: 'open', ticketId: null })
    expect(second.state.serviceTimes[serviceId]).toEqual([7 * 60_000])
    // The consultant carries on at the same desk after the restart.
    const next = await second.submit('staff:consultant-1', 'call-2', consultant, {
      type: 'ticket:call-next',
      deskId,
    })
    expect(next.ok).toBe(true)
  })
})

describe('centre engine on a store that commits asynchronously', () => {
  it('needs CentreEngine.open to load, and rebuilds the same state with it', async () => {
    const { store, commits } = asyncStore()
    expect(() => engineOn(store)).toThrow(/CentreEngine\.open/)
    const first = await openEngine(store)
    const acks = [issue(first, 'r1'), issue(first, 'r2')]
    await settle()
    commits[0]!.resolve()
    expect((await Promise.all(acks)).every((a) => a.ok)).toBe(true)
    const second = await openEngine(store)
    expect(second.state).toEqual(first.state)
  })

  it('acks only after the commit has resolved, and publishes after the acks', async () => {
    const { store, commits } = asyncStore()
    const engine = await openEngine(store)
    const order: string[] = []
    engine.onCommit((events) => order.push(`facts ${events.map((e) => e.seq).join(',')}`))
    const ack = issue(engine, 'r1').then((a) => {
      order.push(`ack ${a.ok ? a.seq : 'failed'}`)
      return a
    })
    const seen = watch(ack)
    await settle()
    expect(commits).toHaveLength(1)
    expect(commits[0]!.batch.events.map((e) => e.type)).toEqual(['day:opened', 'ticket:issued'])
    expect(seen.done).toBe(false)
    expect(engine.durableSeq).toBe(0)
    // The decided events are in memory, but nothing that clients see shows them yet.
    expect(engine.state.seq).toBe(2)
    expect(engine.eventsAfter(0)).toEqual([])

    commits[0]!.resolve()
    expect(await ack).toMatchObject({ ok: true, seq: 2 })
    await settle()
    expect(order).toEqual(['ack 2', 'facts 1,2'])
    expect(engine.durableSeq).toBe(2)
    expect(engine.eventsAfter(0)?.map((e) => e.seq)).toEqual([1, 2])
  })

  it('batches what arrives during a commit into the next one, and commits batches in order', async () => {
    const { store, commits, events } = asyncStore()
    const engine = await openEngine(store)
    const first = watch(issue(engine, 'first'))
    await settle()
    expect(commits).toHaveLength(1)

    const later = Array.from({ length: 5 }, (_, i) => watch(issue(engine, `later-${i}`)))
    await settle()
    // One commit in flight at a time: the five wait in the queue, undecided.
    expect(commits).toHaveLength(1)
    expect(engine.state.seq).toBe(2)

    commits[0]!.resolve()
    await settle()
    expect(first.done).toBe(true)
    expect(later.some((s) => s.done)).toBe(false)
    expect(commits).toHaveLength(2)
    expect(commits[1]!.batch.results.map((r) => r.requestId)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `later-${i}`),
    )
    expect(commits[1]!.batch.events.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7])

    commits[1]!.resolve()
    await settle()
    expect(later.every((s) => s.done && s.value?.ok)).toBe(true)
    expect(later.map((s) => (s.value as { seq: number }).seq)).toEqual([3, 4, 5, 6, 7])
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
    await engine.idle()
  })

  it('lets readers in only between commits: whenSettled resolves after the acks, before the next batch', async () => {
    const { store, commits } = asyncStore()
    const engine = await openEngine(store)
    expect(engine.whenSettled()).toBeUndefined()
    const ack = watch(issue(engine, 'r1'))
    await settle()
    const settled = engine.whenSettled()
    expect(settled).toBeInstanceOf(Promise)
    const next = issue(engine, 'r2')
    let seenByReader: { seq: number; durable: number; acked: boolean } | undefined
    void settled!.then(() => {
      seenByReader = { seq: engine.state.seq, durable: engine.durableSeq, acked: ack.done }
    })
    commits[0]!.resolve()
    await settle()
    expect(seenByReader).toEqual({ seq: 2, durable: 2, acked: true })
    commits[1]!.resolve()
    expect(await next).toMatchObject({ ok: true, seq: 3 })
  })

  it('treats a failed commit as fatal: storage_failed for that batch and the queue, and after', async () => {
    const { store, commits } = asyncStore()
    const fatal: unknown[] = []
    const engine = await openEngine(store, (error) => fatal.push(error))
    const first = issue(engine, 'r1')
    await settle()
    const queued = issue(engine, 'r2')
    await settle()
    commits[0]!.reject(new Error('connection reset'))
    const failed = { ok: false, error: { code: 'storage_failed', message: expect.any(String) } }
    expect(await first).toEqual(failed)
    expect(await queued).toEqual(failed)
    expect(fatal).toEqual([new Error('connection reset')])
    expect(await issue(engine, 'r3')).toEqual(failed)
    await settle()
    expect(commits).toHaveLength(1)
    expect(engine.durableSeq).toBe(0)
  })

  it('answers a retry from the stored result, and a retry during the lookup joins the first', async () => {
    const { store, commits, lookups, state } = asyncStore()
    const engine = await openEngine(store)
    const first = issue(engine, 'r1')
    await settle()
    commits[0]!.resolve()
    const ack = await first
    expect(await issue(engine, 'r1')).toEqual(ack)

    state.holdLookups = true
    const a = issue(engine, 'r2')
    const b = issue(engine, 'r2')
    expect(b).toBe(a)
    expect(lookups).toHaveLength(1)
    lookups[0]!()
    await settle()
    commits[1]!.resolve()
    expect(await a).toMatchObject({ ok: true, seq: 3 })
    expect(commits).toHaveLength(2)
  })
})
