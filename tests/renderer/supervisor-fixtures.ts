/**
 * A small fixed day for the supervisor's tests, folded with the real `evolve`: two windows, two services,
 * seven tickets (served, a no-show, a transfer, a cancellation, one serving, one waiting).
 */
import { evolve, initialState, type CentreState, type DomainEvent } from '../../src-shared/domain'
import type { Principal, Snapshot } from '../../src-shared/protocol'
import { CONFIG, T0 } from './consultant-fixtures'

export { CONFIG, T0 }

export const MIN = 60_000
export const at = (minutes: number) => T0 + minutes * MIN

export const issued = (ticketId: string, number: string, serviceId: string): DomainEvent => ({
  type: 'ticket:issued',
  ticketId,
  number,
  prefix: number.slice(0, 1),
  serviceId,
  categoryId: null,
  bookedFor: null,
})
export const called = (ticketId: string, deskId: string, staffId: string): DomainEvent => ({
  type: 'ticket:called',
  ticketId,
  deskId,
  staffId,
  reason: 'regular',
})

/** Folds `[minute, fact]` pairs with the real `evolve`. */
export function fold(timeline: [number, DomainEvent][]): CentreState {
  const state = initialState(CONFIG.centre.id)
  timeline.forEach(([minute, event], index) => evolve(state, { ...event, seq: index + 1, at: at(minute) }))
  return state
}

/**
 * Window 1 (c1: passport, signature) and window 2 (c2: passport). Waits by hand: P001 5 min, P002 9,
 * S001 15 (exactly the standard), P003 21; S002 was transferred to passport (no wait measured).
 * Service times: P001 10 min, S001 5, S002 6 (finished as passport). At minute 45: P003 serving at
 * window 2 since 26, P004 waiting since 37, window 1 paused since 40.
 */
export const DAY: [number, DomainEvent][] = [
  [0, { type: 'day:opened', day: '2026-11-24' }],
  [0, { type: 'desk:opened', deskId: 'desk-1', staffId: 'c1', serviceIds: ['passport', 'signature'] }],
  [0, { type: 'desk:opened', deskId: 'desk-2', staffId: 'c2', serviceIds: ['passport'] }],
  [0, issued('t1', 'P001', 'passport')],
  [1, issued('t2', 'P002', 'passport')],
  [2, issued('t3', 'S001', 'signature')],
  [3, issued('t4', 'P003', 'passport')],
  [4, issued('t5', 'S002', 'signature')],
  [5, called('t1', 'desk-1', 'c1')],
  [6, { type: 'ticket:started', ticketId: 't1' }],
  [10, called('t2', 'desk-2', 'c2')],
  [11, { type: 'ticket:missed', ticketId: 't2' }],
  [16, { type: 'ticket:finished', ticketId: 't1' }],
  [17, called('t3', 'desk-1', 'c1')],
  [18, { type: 'ticket:started', ticketId: 't3' }],
  [23, { type: 'ticket:finished', ticketId: 't3' }],
  [24, called('t4', 'desk-2', 'c2')],
  [25, { type: 'ticket:recalled', ticketId: 't4', deskId: 'desk-2' }],
  [26, { type: 'ticket:started', ticketId: 't4' }],
  [26, called('t5', 'desk-1', 'c1')],
  [
    27,
    {
      type: 'ticket:transferred',
      ticketId: 't5',
      fromServiceId: 'signature',
      toServiceId: 'passport',
      note: 'needs a passport first',
    },
  ],
  [29, called('t5', 'desk-1', 'c1')],
  [30, { type: 'ticket:started', ticketId: 't5' }],
  [36, { type: 'ticket:finished', ticketId: 't5' }],
  [37, issued('t6', 'P004', 'passport')],
  [38, issued('t7', 'S003', 'signature')],
  [39, { type: 'ticket:cancelled', ticketId: 't7' }],
  [40, { type: 'desk:paused', deskId: 'desk-1' }],
]

export const NOW = at(45)

export const SUPERVISOR: Principal = {
  role: 'staff',
  roles: ['supervisor'],
  id: 'supervisor-1',
  name: 'Сәуле Қасымова',
}

/** What the hub sends a supervisor on connect: the fixed day as of `serverTime`. */
export function supervisorSnapshot(serverTime = NOW, timeline = DAY): Snapshot {
  const state: CentreState = fold(timeline)
  return { seq: state.seq, serverTime, state, config: CONFIG, you: SUPERVISOR }
}
