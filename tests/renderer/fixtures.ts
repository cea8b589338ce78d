/**
 * Deterministic builders for the renderer tests: a small centre, a hub-side log made with the real
 * `decide`/`evolve` (so facts are exactly what a hub would send), and a fake Socket.IO client socket
 * that a test drives by hand.
 */
import { centreConfigSchema, publicConfig, type CentreConfig } from '../../src-shared/config'
import {
  applyEvents,
  dayChange,
  decide,
  initialState,
  type Actor,
  type CentreState,
  type Command,
} from '../../src-shared/domain'
import type { EventEnvelope } from '../../src-shared/domain'
import { publicEvent, publicState, type Principal, type Snapshot } from '../../src-shared/protocol'
import type { HubSocket, SocketFactory } from '../../src-renderer/hub/hub-client'

/** Monday 10 March 2025, 10:00 in Almaty (UTC+5). */
export const MONDAY_10_00 = Date.UTC(2025, 2, 10, 5, 0, 0)
const KEY_HASH = `sha256$${'ab'.repeat(32)}`
const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA'

export function testConfig(): CentreConfig {
  return centreConfigSchema.parse({
    centre: {
      id: 'astana-test',
      name: { kk: 'Сынақ ХҚО', ru: 'Тестовый ЦОН', en: 'Test centre' },
      timeZone: 'Asia/Almaty',
      openingHours: {},
    },
    serviceGroups: [
      { id: 'certificates', name: { kk: 'Анықтамалар', ru: 'Справки', en: 'Certificates' } },
      { id: 'documents', name: { kk: 'Құжаттар', ru: 'Документы' } },
    ],
    services: [
      {
        id: 'no-criminal-record',
        group: 'certificates',
        prefix: 'A',
        online: true,
        name: { kk: 'Соттылық туралы анықтама', ru: 'Справка о судимости', en: 'No criminal record' },
      },
      {
        id: 'pension',
        group: 'certificates',
        prefix: 'B',
        name: { kk: 'Зейнетақы', ru: 'Пенсия', en: 'Pension' },
      },
      {
        id: 'id-card',
        group: 'documents',
        prefix: 'F',
        name: { kk: 'Жеке куәлік', ru: 'Удостоверение личности' },
      },
    ],
    desks: [
      { id: 'desk-1', label: '1', serviceIds: ['no-criminal-record', 'pension'] },
      { id: 'desk-2', label: '2', serviceIds: ['id-card'] },
    ],
    priorityCategories: [
      { id: 'veterans', rank: 2, name: { kk: 'Ардагерлер', ru: 'Ветераны', en: 'Veterans' } },
      { id: 'disability', rank: 1, name: { kk: 'Мүгедектігі бар адамдар', ru: 'Лица с инвалидностью' } },
    ],
    policy: { enforceOpeningHours: false },
    staff: [
      {
        id: 'aigerim',
        login: 'aigerim',
        firstName: 'Айгерім',
        roles: ['consultant'],
        passwordHash: PASSWORD_HASH,
      },
      { id: 'bolat', login: 'bolat', firstName: 'Болат', roles: ['consultant'], passwordHash: PASSWORD_HASH },
    ],
    devices: [{ id: 'kiosk-1', kind: 'kiosk', name: 'Kiosk', keyHash: KEY_HASH }],
  })
}

export const KIOSK: Actor = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' }
export const AIGERIM: Actor = { kind: 'staff', staffId: 'aigerim', roles: ['consultant'] }
export const BOLAT: Actor = { kind: 'staff', staffId: 'bolat', roles: ['consultant'] }
export const KIOSK_PRINCIPAL: Principal = { role: 'device', roles: ['kiosk'], id: 'kiosk-1', name: 'Kiosk' }

/** The hub's side: its own state and log, changed only through the real domain functions. */
export class HubLog {
  readonly config = testConfig()
  readonly state: CentreState = initialState(this.config.centre.id)
  readonly log: EventEnvelope[] = []
  now = MONDAY_10_00
  private ids = 0

  run(command: Command, actor: Actor = AIGERIM): EventEnvelope[] {
    this.now += 1_000
    const change = dayChange(this.state, this.config, this.now)
    const opened = change ? applyEvents(this.state, [change], this.now) : []
    const decided = decide(this.state, command, {
      now: this.now,
      config: this.config,
      actor,
      newId: () => `t${++this.ids}`,
      newToken: () => `track-token-${String(this.ids).padStart(12, '0')}`,
    })
    const events = [...opened, ...applyEvents(this.state, decided, this.now)].map(publicEvent)
    this.log.push(...events)
    return events
  }

  issue(serviceId: string): EventEnvelope[] {
    return this.run({ type: 'ticket:issue', serviceId }, KIOSK)
  }

  /** What a kiosk or display gets on connect. */
  snapshot(): Snapshot {
    return {
      seq: this.state.seq,
      serverTime: this.now,
      state: publicState(this.state),
      config: publicConfig(this.config),
      you: KIOSK_PRINCIPAL,
    }
  }

  /** The hub's state as a kiosk may see it, to compare with a client's projection. */
  publicView(): CentreState {
    return publicState(this.state)
  }

  after(seq: number): EventEnvelope[] {
    return this.log.filter((e) => e.seq > seq)
  }
}

interface SentCommand {
  event: string
  payload: unknown
  resolve(value: unknown): void
  reject(error: Error): void
  settled: boolean
}

type Listener = (...args: unknown[]) => void

/**
 * A socket.io-client socket as far as the hub client uses it. The test plays the hub: `open()`,
 * `deliver(event, data)`, `drop()`, and answers what the client sent through `sent`.
 */
export class FakeSocket {
  connected = false
  active = true
  readonly sent: SentCommand[] = []
  /** Answers commands as they are sent, when set (return undefined to leave one unanswered). */
  answer: ((event: string, payload: unknown) => unknown) | null = null
  private readonly listeners = new Map<string, Set<Listener>>()
  auth: ((cb: (data: object) => void) => void) | null = null

  on(event: string, listener: Listener): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set())
    this.listeners.get(event)!.add(listener)
    return this
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener)
    return this
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0
  }

  timeout(ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown): Promise<unknown> =>
        new Promise((resolve, reject) => {
          const entry: SentCommand = {
            event,
            payload,
            settled: false,
            resolve: (value) => {
              if (entry.settled) return
              entry.settled = true
              clearTimeout(timer)
              resolve(value)
            },
            reject: (error) => {
              if (entry.settled) return
              entry.settled = true
              reject(error)
            },
          }
          const timer = setTimeout(() => entry.reject(new Error('operation has timed out')), ms)
          this.sent.push(entry)
          const reply = this.answer?.(event, payload)
          if (reply !== undefined) queueMicrotask(() => entry.resolve(reply))
        }),
    }
  }

  disconnect(): this {
    this.active = false
    if (this.connected) this.drop('io client disconnect')
    return this
  }

  // --- the test, playing the hub ---

  /** What the handshake would carry now. */
  handshake(): Record<string, unknown> {
    let data: Record<string, unknown> = {}
    this.auth?.((value) => (data = value as Record<string, unknown>))
    return data
  }

  open(): void {
    this.connected = true
    this.fire('connect')
  }

  drop(reason = 'transport close'): void {
    this.connected = false
    this.fire('disconnect', reason)
  }

  refuse(code: string, message = 'refused', hint: Record<string, unknown> = {}): void {
    this.active = false
    this.fire('connect_error', Object.assign(new Error(message), { data: { code, ...hint } }))
  }

  /** Handshakes the client asked for again after a refusal (socket.io-client's `connect()`). */
  connects = 0

  connect(): this {
    this.connects += 1
    this.active = true
    return this
  }

  deliver(event: string, data: unknown): void {
    this.fire(event, data)
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args)
  }
}

/** A factory for `connectHub` that hands out one FakeSocket and remembers the options. */
export function fakeSocketFactory(): {
  factory: SocketFactory
  socket: FakeSocket
  options: Record<string, unknown>
} {
  const socket = new FakeSocket()
  const result = {
    socket,
    options: {} as Record<string, unknown>,
    factory: ((_url, options) => {
      result.options = options as Record<string, unknown>
      socket.auth = (options as { auth: FakeSocket['auth'] }).auth
      return socket as unknown as HubSocket
    }) as SocketFactory,
  }
  return result
}
