import { describe, expect, it } from 'vitest'
import type { Actor, EventEnvelope } from '../../src-shared/domain'
import { CentreEngine } from '../../src-main/hub/centre-engine'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { createLogger } from '../../src-main/hub/logger'
import type { CommitBatch, EventStore, StaffSessionRow } from '../../src-main/hub/store/types'

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
    pruneSessions: () => 0,
    close: () => undefined,
  }
  return { store, events, state }
}

const kiosk: Actor = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' }
const config = loadCentreConfig(DEFAULT_CONFIG_PATH)
const serviceId = config.services[0]!.id

let id = 0
function engineOn(
  store: EventStore,
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
