/**
 * Fixtures for the consultant dashboard's component tests: a small fixed centre, states built by folding
 * facts with the real `evolve`, and a fake Socket.IO socket that records commands and answers as told.
 */
import type { PublicCentreConfig } from '../../src-shared/config'
import { evolve, initialState, type CentreState, type DomainEvent } from '../../src-shared/domain'
import type { Principal, Snapshot } from '../../src-shared/protocol'
import type { HubSocket } from '../../src-renderer/hub/hub-client'

/** 2026-11-24 10:00 in Astana. */
export const T0 = Date.UTC(2026, 10, 24, 5, 0, 0)

const name = (kk: string, ru: string, en: string) => ({ kk, ru, en })
const closedDay: [string, string][] = []

export const CONFIG: PublicCentreConfig = {
  centre: {
    id: 'test-centre',
    name: name('Сынақ ХҚО', 'Тестовый ЦОН', 'Test centre'),
    timeZone: 'Asia/Almaty',
    openingHours: {
      mon: [['09:00', '18:00']],
      tue: [['09:00', '18:00']],
      wed: [['09:00', '18:00']],
      thu: [['09:00', '18:00']],
      fri: [['09:00', '18:00']],
      sat: closedDay,
      sun: closedDay,
    },
  },
  serviceGroups: [{ id: 'documents', name: name('Құжаттар', 'Документы', 'Documents') }],
  services: [
    {
      id: 'passport',
      group: 'documents',
      prefix: 'P',
      online: false,
      expectedMinutes: 10,
      mobileRegistration: false,
      name: name('Паспорт беру', 'Выдача паспорта', 'Passport'),
    },
    {
      id: 'signature',
      group: 'documents',
      prefix: 'S',
      online: false,
      expectedMinutes: 10,
      mobileRegistration: false,
      name: name('ЭЦҚ алу', 'Получение ЭЦП', 'Digital signature'),
    },
  ],
  desks: [
    { id: 'desk-1', label: '1', serviceIds: ['passport', 'signature'] },
    { id: 'desk-2', label: '2', serviceIds: ['passport'] },
  ],
  priorityCategories: [{ id: 'elderly', rank: 1, name: name('Қарттар', 'Пожилые', 'Elderly') }],
  policy: { estimateWindow: 10, regularMaxWaitMinutes: 45, bookingEarlyMinutes: 10, bookingLateMinutes: 15 },
}

export const STAFF_ID = 'consultant-1'

export const YOU: Principal = { role: 'staff', roles: ['consultant'], id: STAFF_ID, name: 'Айгерім Сейітова' }

/** Where the consultant's desk is, from nothing open to a ticket being served. */
export type Scenario = 'no-desk' | 'empty' | 'waiting' | 'called' | 'serving' | 'paused'

const issued = (
  ticketId: string,
  number: string,
  serviceId: string,
  categoryId: string | null = null,
): DomainEvent => ({
  type: 'ticket:issued',
  ticketId,
  number,
  prefix: number.slice(0, 1),
  serviceId,
  categoryId,
  bookedFor: null,
})

/** The facts of each scenario, in order. */
export function scenarioEvents(scenario: Scenario): DomainEvent[] {
  const events: DomainEvent[] = [{ type: 'day:opened', day: '2026-11-24' }]
  if (scenario === 'no-desk') return events
  events.push({
    type: 'desk:opened',
    deskId: 'desk-1',
    staffId: STAFF_ID,
    serviceIds: ['passport', 'signature'],
  })
  if (scenario === 'empty') return events
  events.push(issued('t1', 'P001', 'passport', 'elderly'), issued('t2', 'P002', 'passport'))
  if (scenario === 'waiting') return events
  if (scenario === 'paused') return [...events, { type: 'desk:paused', deskId: 'desk-1' }]
  events.push({
    type: 'ticket:called',
    ticketId: 't1',
    deskId: 'desk-1',
    staffId: STAFF_ID,
    reason: 'priority',
  })
  if (scenario === 'called') return events
  return [...events, { type: 'ticket:started', ticketId: 't1' }]
}

/** Folds facts with the real `evolve`, one second apart from T0. */
export function stateFrom(events: DomainEvent[]): CentreState {
  const state = initialState(CONFIG.centre.id)
  events.forEach((event, index) => evolve(state, { ...event, seq: index + 1, at: T0 + index * 1_000 }))
  return state
}

export function snapshotOf(scenario: Scenario, serverTime = T0 + 60_000): Snapshot {
  const state = stateFrom(scenarioEvents(scenario))
  return { seq: state.seq, serverTime, state, config: CONFIG, you: YOU }
}

export interface SentCommand {
  type: string
  payload: Record<string, unknown>
}

type Listener = (...args: unknown[]) => void

/**
 * Just enough of a socket.io-client socket for the hub client: listeners, `timeout().emitWithAck()`,
 * `connected` and `active`. The test plays the hub: `open(snapshot)`, `fact(...)`, `drop()`.
 */
export class FakeHubSocket {
  connected = false
  active = true
  readonly sent: SentCommand[] = []
  /** The hub's answer to each command; by default an ok ack. */
  respond: (command: SentCommand) => unknown = () => ({ ok: true, seq: this.seq })
  private seq = 0
  private readonly listeners = new Map<string, Set<Listener>>()

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener)
    return this
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener)
    return this
  }

  /** As socket.io's: the ack promise rejects when no answer comes within `ms`. */
  timeout(ms: number) {
    return {
      emitWithAck: (type: string, payload: Record<string, unknown>) => {
        const command = { type, payload }
        this.sent.push(command)
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('operation has timed out')), ms)
          void Promise.resolve(this.respond(command)).then((ack) => {
            clearTimeout(timer)
            resolve(ack)
          })
        })
      },
    }
  }

  disconnect(): this {
    this.active = false
    if (this.connected) {
      this.connected = false
      this.emit('disconnect', 'io client disconnect')
    }
    return this
  }

  /** Connects and sends the snapshot, as the hub does right after a handshake. */
  open(snapshot: Snapshot): void {
    this.seq = snapshot.seq
    this.connected = true
    this.emit('connect')
    this.emit('sync:snapshot', snapshot)
  }

  /** Broadcasts the next fact. */
  fact(event: DomainEvent, at = T0 + 120_000): void {
    this.seq += 1
    this.emit(event.type, { ...event, seq: this.seq, at })
  }

  /** The network drops (socket.io will try to reconnect). */
  drop(): void {
    this.connected = false
    this.emit('disconnect', 'transport close')
  }

  /** The hub closes the socket on purpose (session expired or signed out). */
  closeByHub(): void {
    this.connected = false
    this.active = false
    this.emit('disconnect', 'io server disconnect')
  }

  /** The hub refuses the handshake. */
  refuse(code: string): void {
    this.active = false
    this.emit('connect_error', Object.assign(new Error('refused'), { data: { code } }))
  }

  asSocket(): HubSocket {
    return this as unknown as HubSocket
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args)
  }
}
