/**
 * The event store contract, run against every store (SQLite and PostgreSQL): what the engine and the
 * hub rely on, whatever the storage. Each store's own test file adds what only it has (files and WAL
 * for SQLite; centres sharing a database for PostgreSQL).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AsyncEventStore, StoredResult } from '../../src-main/hub/store/types'
import type { EventEnvelope } from '../../src-shared/domain/types'

export const T0 = 1_700_000_000_000

export function dayOpened(seq: number, day: string): EventEnvelope {
  return { type: 'day:opened', day, seq, at: T0 + seq }
}

export function started(seq: number, ticketId = `t${seq}`): EventEnvelope {
  return { type: 'ticket:started', ticketId, seq, at: T0 + seq }
}

export function result(requestId: string, at = T0, principal = 'staff:aigerim'): StoredResult {
  return {
    principal,
    requestId,
    ack: JSON.stringify({ ok: true, requestId }),
    at,
    fingerprint: `fp-${requestId}`,
  }
}

export interface StoreFixture {
  /** Opens a store on this test's storage; every call opens another connection to the same log. */
  open(): Promise<AsyncEventStore>
  /** Removes this test's storage (after its stores are closed). */
  cleanup(): Promise<void>
  /** The store as its errors name it: the SQLite file, the PostgreSQL URL without its password. */
  where: string
  /** The centre whose log this is, where one store holds several (errors name it then). */
  centreId?: string
  /** Changes a stored row behind the store's back (as a hand edit or a foreign restore would). */
  rewriteRow(seq: number, change: { type?: string; data?: object }): Promise<void>
}

/** Registers the contract tests for one kind of store; `fixture` is made afresh for each test. */
export function storeContract(fixture: () => Promise<StoreFixture>): void {
  let current: StoreFixture
  let opened: AsyncEventStore[]

  beforeEach(async () => {
    current = await fixture()
    opened = []
  })

  afterEach(async () => {
    for (const store of opened) await store.close()
    await current.cleanup()
  })

  async function openStore(): Promise<AsyncEventStore> {
    const store = await current.open()
    opened.push(store)
    return store
  }

  describe('commit', () => {
    it('keeps events, results and lastSeq across a reopen', async () => {
      const store = await openStore()
      expect(store.lastSeq()).toBe(0)
      await store.commit({ events: [dayOpened(1, '2025-03-03'), started(2)], results: [result('r1')] })
      await store.commit({
        events: [started(3)],
        results: [result('r2'), result('r1', T0, 'device:kiosk-1')],
      })
      expect(store.lastSeq()).toBe(3)
      await store.close()

      const again = await openStore()
      expect(again.lastSeq()).toBe(3)
      expect(await again.eventsAfter(0, 10)).toEqual([dayOpened(1, '2025-03-03'), started(2), started(3)])
      const ack = (id: string) => ({ ack: result(id).ack, fingerprint: `fp-${id}` })
      expect(await again.findResult('staff:aigerim', 'r1')).toEqual(ack('r1'))
      expect(await again.findResult('device:kiosk-1', 'r1')).toEqual(ack('r1'))
      expect(await again.findResult('staff:aigerim', 'r2')).toEqual(ack('r2'))
      expect(await again.findResult('staff:aigerim', 'r3')).toBeUndefined()
    })

    it('accepts a batch with results only', async () => {
      const store = await openStore()
      await store.commit({ events: [], results: [result('rejected-1')] })
      expect(store.lastSeq()).toBe(0)
      expect(await store.findResult('staff:aigerim', 'rejected-1')).toBeDefined()
    })

    it.each([
      ['a gap inside the batch', [started(1), started(3)]],
      ['a gap after the log', [started(3)]],
      ['a repeated seq', [started(1)]],
      ['a repeat inside the batch', [started(2), started(2)]],
    ])('fails on %s and stores nothing', async (_, events) => {
      const store = await openStore()
      await store.commit({ events: [started(1)], results: [] })
      await expect(async () => store.commit({ events, results: [result('r-bad')] })).rejects.toThrow(/seq/)
      expect(store.lastSeq()).toBe(1)
      expect(await store.eventsAfter(0, 10)).toEqual([started(1)])
      expect(await store.findResult('staff:aigerim', 'r-bad')).toBeUndefined()
      await store.commit({ events: [started(2)], results: [] })
      expect(store.lastSeq()).toBe(2)
    })

    it('rolls back the whole batch when a request id was already answered', async () => {
      const store = await openStore()
      await store.commit({ events: [started(1)], results: [result('r1')] })
      await expect(async () =>
        store.commit({ events: [started(2), started(3)], results: [result('r2'), result('r1')] }),
      ).rejects.toThrow()
      expect(store.lastSeq()).toBe(1)
      expect(await store.eventsAfter(0, 10)).toEqual([started(1)])
      expect(await store.findResult('staff:aigerim', 'r2')).toBeUndefined()

      // The same seqs are still free after the rollback.
      await store.commit({ events: [started(2), started(3)], results: [result('r2')] })
      expect(store.lastSeq()).toBe(3)
    })

    it('rolls back when one batch carries the same request id twice', async () => {
      const store = await openStore()
      await expect(async () =>
        store.commit({ events: [started(1)], results: [result('r1'), result('r1')] }),
      ).rejects.toThrow()
      expect(store.lastSeq()).toBe(0)
      expect(await store.eventsAfter(0, 10)).toEqual([])
    })

    it('rejects a value of the wrong type and stores nothing', async () => {
      const store = await openStore()
      const wrongTime = { ...started(1), at: 'yesterday' as unknown as number }
      await expect(async () => store.commit({ events: [wrongTime], results: [] })).rejects.toThrow()
      await expect(async () =>
        store.commit({
          events: [started(1)],
          results: [{ ...result('r1'), at: 'now' as unknown as number }],
        }),
      ).rejects.toThrow()
      expect(store.lastSeq()).toBe(0)
      expect(await store.eventsAfter(0, 10)).toEqual([])
    })

    it('notices a second writer on the same log', async () => {
      const first = await openStore()
      const second = await openStore()
      await first.commit({ events: [started(1)], results: [] })
      await expect(async () => second.commit({ events: [started(1)], results: [] })).rejects.toThrow(
        /another writer/,
      )
      expect(await first.eventsAfter(0, 10)).toEqual([started(1)])
    })
  })

  describe('reading', () => {
    it('eventsOfCurrentDay starts at the newest day:opened', async () => {
      const store = await openStore()
      expect(await store.eventsOfCurrentDay()).toEqual([])
      await store.commit({ events: [dayOpened(1, '2025-03-03'), started(2), started(3)], results: [] })
      expect((await store.eventsOfCurrentDay()).map((e) => e.seq)).toEqual([1, 2, 3])
      await store.commit({ events: [dayOpened(4, '2025-03-04'), started(5)], results: [] })
      await store.commit({ events: [started(6)], results: [] })
      expect(await store.eventsOfCurrentDay()).toEqual([dayOpened(4, '2025-03-04'), started(5), started(6)])
    })

    it('eventsOfCurrentDay returns the whole log when no day was opened', async () => {
      const store = await openStore()
      await store.commit({ events: [started(1), started(2)], results: [] })
      expect(await store.eventsOfCurrentDay()).toEqual([started(1), started(2)])
    })

    it('eventsAfter pages through the log in seq order', async () => {
      const store = await openStore()
      await store.commit({ events: [1, 2, 3, 4, 5].map((seq) => started(seq)), results: [] })
      expect((await store.eventsAfter(0, 2)).map((e) => e.seq)).toEqual([1, 2])
      expect((await store.eventsAfter(2, 2)).map((e) => e.seq)).toEqual([3, 4])
      expect((await store.eventsAfter(4, 2)).map((e) => e.seq)).toEqual([5])
      expect(await store.eventsAfter(5, 2)).toEqual([])
      expect(await store.eventsAfter(0, 0)).toEqual([])
    })
  })

  describe('a damaged row', () => {
    // The same words from every store: only where the log is differs.
    const corrupt = (row: string) =>
      `The event store ${current.where} is corrupt: ${current.centreId ? `centre ${current.centreId} ` : ''}${row}`

    /** The message of what `read` throws or rejects with. */
    async function failure(read: () => unknown): Promise<string> {
      try {
        await read()
      } catch (error) {
        return error instanceof Error ? error.message : String(error)
      }
      return 'nothing thrown'
    }

    async function storeWithDay(): Promise<AsyncEventStore> {
      const store = await openStore()
      await store.commit({ events: [dayOpened(1, '2025-03-03'), started(2), started(3)], results: [] })
      return store
    }

    it('is refused by seq, fact and field, on every read', async () => {
      const store = await storeWithDay()
      await current.rewriteRow(2, { data: { ...started(2), ticketId: 7 } })
      const message = corrupt('event seq 2 (ticket:started): ticketId: expected string, received number')
      expect(await failure(() => store.eventsAfter(0, 10))).toBe(message)
      expect(await failure(() => store.eventsOfCurrentDay())).toBe(message)
      expect(await store.eventsAfter(2, 10)).toEqual([started(3)])
    })

    it('is refused when its type column says another fact than its JSON', async () => {
      const store = await storeWithDay()
      await current.rewriteRow(2, { type: 'day:opened' })
      expect(await failure(() => store.eventsOfCurrentDay())).toBe(
        corrupt(`event seq 2 (ticket:started): type: the row's type column says "day:opened"`),
      )
    })

    it('is refused when its envelope does not match its place in the log', async () => {
      const store = await storeWithDay()
      await current.rewriteRow(2, { data: started(7) })
      expect(await failure(() => store.eventsAfter(0, 10))).toBe(
        corrupt('event seq 2 (ticket:started): seq: 7 does not match its place in the log'),
      )
    })

    it('lists the first few problems of a row from somewhere else, and how many more', async () => {
      const store = await storeWithDay()
      await current.rewriteRow(2, {
        type: 'desk:opened',
        data: { type: 'desk:opened', seq: 2, at: T0, a: 1, b: 2, c: 3, d: 4 },
      })
      expect(await failure(() => store.eventsAfter(0, 10))).toBe(
        corrupt(
          'event seq 2 (desk:opened): deskId: missing; staffId: missing; serviceIds: missing; and 4 more',
        ),
      )
    })
  })

  describe('the words of a refused commit', () => {
    it('are the same from every store', async () => {
      const first = await openStore()
      const second = await openStore()
      await first.commit({ events: [started(1)], results: [] })
      const centre = current.centreId ? ` for centre ${current.centreId}` : ''
      await expect(async () => second.commit({ events: [started(1)], results: [] })).rejects.toThrow(
        `The event store ${current.where} was changed by another writer${centre} (last seq 1, expected 0)`,
      )
      await expect(async () => first.commit({ events: [started(3)], results: [] })).rejects.toThrow(
        'Events must continue the log without gaps: expected seq 2, got 3',
      )
      await expect(async () => first.eventsAfter(0, -1)).rejects.toThrow(
        'limit must be a whole number ≥ 0, got -1',
      )
    })
  })

  describe('command results', () => {
    it('pruneResults drops only results older than the cut-off', async () => {
      const store = await openStore()
      await store.commit({
        events: [],
        results: [result('old-1', T0 - 2), result('old-2', T0 - 1), result('new', T0)],
      })
      expect(await store.pruneResults(T0)).toBe(2)
      expect(await store.findResult('staff:aigerim', 'old-1')).toBeUndefined()
      expect(await store.findResult('staff:aigerim', 'old-2')).toBeUndefined()
      expect(await store.findResult('staff:aigerim', 'new')).toBeDefined()
      expect(await store.pruneResults(T0)).toBe(0)
    })
  })

  describe('staff sessions', () => {
    it('saves, finds, replaces and deletes a session', async () => {
      const store = await openStore()
      const session = { tokenHash: 'h1', staffId: 'aigerim', createdAt: T0, expiresAt: T0 + 3_600_000 }
      expect(await store.findSession('h1')).toBeUndefined()
      await store.saveSession(session)
      await store.close()

      const again = await openStore()
      expect(await again.findSession('h1')).toEqual(session)
      await again.saveSession({ ...session, expiresAt: T0 + 7_200_000 })
      expect((await again.findSession('h1'))?.expiresAt).toBe(T0 + 7_200_000)
      await again.deleteSession('h1')
      expect(await again.findSession('h1')).toBeUndefined()
      await again.deleteSession('h1') // deleting twice is harmless
    })

    it('deletes every session of one staff member, and only theirs', async () => {
      const store = await openStore()
      for (const [tokenHash, staffId] of [
        ['a1', 'aigerim'],
        ['a2', 'aigerim'],
        ['n1', 'nurlan'],
      ] as const)
        await store.saveSession({ tokenHash, staffId, createdAt: T0, expiresAt: T0 + 60_000 })
      expect(await store.deleteSessionsOf('aigerim')).toBe(2)
      expect(await store.findSession('a1')).toBeUndefined()
      expect(await store.findSession('a2')).toBeUndefined()
      expect(await store.findSession('n1')).toBeDefined()
      expect(await store.deleteSessionsOf('aigerim')).toBe(0)
    })

    it('prunes only the sessions that have expired', async () => {
      const store = await openStore()
      await store.saveSession({ tokenHash: 'old', staffId: 'a', createdAt: T0, expiresAt: T0 + 1000 })
      await store.saveSession({ tokenHash: 'live', staffId: 'b', createdAt: T0, expiresAt: T0 + 60_000 })
      expect(await store.pruneSessions(T0 + 2000)).toBe(1)
      expect(await store.findSession('old')).toBeUndefined()
      expect((await store.findSession('live'))?.staffId).toBe('b')
    })
  })
}
