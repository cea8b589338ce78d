/**
 * Who gets which fact. Sockets join rooms by audience (staff, devices, hall displays, registration
 * staff, trackers); a committed fact goes to each room in the form that audience may see (displays
 * without consultants' names, devices without personal data), and a (re)connecting socket is brought
 * up to date — with the events it missed or a snapshot — in the same step as it joins its rooms.
 */
import {
  directoryOf,
  publicConfig,
  type CentreConfig,
  type Directory,
  type DisplayZone,
} from '../../src-shared/config'
import type { CentreState, EventEnvelope } from '../../src-shared/domain'
import {
  displayEvent,
  displayState,
  publicEvent,
  publicState,
  REGISTRATION_ROLES,
  syncSinceSchema,
  zoneEvent,
  zoneState,
  type Ack,
  type Principal,
  type RegistrationUpdate,
  type Snapshot,
  type SyncResult,
} from '../../src-shared/protocol'
import type { BacklogGuard } from './backlog-guard'
import { errorAck, type CentreEngine } from './centre-engine'
import { connectedSockets, type HubIo, type HubSocket } from './hub-io'
import type { Logger } from './logger'

export const STAFF_ROOM = 'staff'
export const DEVICE_ROOM = 'devices'
/** Every tracker socket, so a fact for everyone else can skip them in one pass. */
export const TRACKER_ROOM = 'trackers'
/** Hall displays, also in DEVICE_ROOM: they get facts without consultants' names. */
export const DISPLAY_ROOM = 'displays'
/**
 * Zone displays (`devices[].zone`), also in DEVICE_ROOM and DISPLAY_ROOM: each gets its own copy of a
 * fact (`zoneEvent`) in its own room, `zone:<deviceId>`, and is left out of everyone else's.
 */
export const ZONE_ROOM = 'zone-displays'
const zoneRoom = (deviceId: string) => `zone:${deviceId}`
/** Registrar, supervisor and admin sockets: the only ones that get `registration:updated`. */
export const REGISTRATION_ROOM = 'registration'

export interface FanOutOptions {
  io: HubIo
  engine: CentreEngine
  config: CentreConfig
  logger: Logger
  now: () => number
  /** Drops sockets that do not take what they are sent, before they are sent more. */
  backlog: BacklogGuard
}

type Audience = 'staff' | 'devices' | 'displays'

export class FanOut {
  readonly #io: HubIo
  readonly #engine: CentreEngine
  readonly #logger: Logger
  readonly #now: () => number
  readonly #backlog: BacklogGuard
  #centreConfig: Snapshot['config']
  /** Staff's and devices' names, for staff snapshots: the public config names no one. */
  #directory: Directory
  /**
   * Snapshots are built once per seq and audience and shared: a hall full of displays reconnecting at
   * once costs one copy of the day, not one each.
   */
  #snapshots: { seq: number } & Record<Audience, CentreState | null> = {
    seq: -1,
    staff: null,
    devices: null,
    displays: null,
  }
  /** The zone displays of the config, by device id, and their snapshots of the current seq. */
  #zones: ReadonlyMap<string, DisplayZone>
  #zoneSnapshots = new Map<string, CentreState>()

  constructor(options: FanOutOptions) {
    this.#io = options.io
    this.#engine = options.engine
    this.#logger = options.logger
    this.#now = options.now
    this.#backlog = options.backlog
    this.#centreConfig = publicConfig(options.config)
    this.#directory = directoryOf(options.config)
    this.#zones = zonesOf(options.config)
  }

  /** A new staff or device socket: its rooms, its first sync, and `sync:since` for later catch-ups. */
  welcome(socket: HubSocket): void {
    const { principal } = socket.data
    // Joining the rooms and the first sync happen together, on a state without events still being
    // committed: every fact after that sync reaches this socket, and none before it.
    whenSettled(this.#engine, this.#logger, () => {
      if (socket.disconnected) return
      void socket.join(principal.role === 'staff' ? STAFF_ROOM : DEVICE_ROOM)
      if (isDisplay(principal)) void socket.join(DISPLAY_ROOM)
      if (principal.zone) void socket.join([ZONE_ROOM, zoneRoom(principal.id)])
      const auth = socket.handshake.auth as { lastSeq?: number }
      const missed = typeof auth.lastSeq === 'number' ? this.#engine.eventsAfter(auth.lastSeq) : null
      if (missed)
        socket.emit(
          'sync:events',
          missed.map((e) => this.#forAudience(principal, e)),
        )
      else socket.emit('sync:snapshot', this.#snapshotFor(principal))
    })
    if (principal.roles.some((role) => REGISTRATION_ROLES.includes(role))) void socket.join(REGISTRATION_ROOM)
    socket.on('sync:since', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return
      const parsed = syncSinceSchema.safeParse(payload)
      if (!parsed.success) return ack(errorAck('invalid_payload', 'send {"seq": <last seq you applied>}'))
      // An answer may be a whole snapshot: not to a socket that has not taken what it was sent.
      if (this.#backlog.check(socket)) return
      whenSettled(this.#engine, this.#logger, () => {
        const events = this.#engine.eventsAfter(parsed.data.seq)
        const result: SyncResult = events
          ? { kind: 'events', events: events.map((e) => this.#forAudience(principal, e)) }
          : { kind: 'snapshot', snapshot: this.#snapshotFor(principal) }
        ack({ ok: true, seq: this.#engine.state.seq, ...result } satisfies Ack<SyncResult>)
      })
    })
  }

  /**
   * Committed facts, after their acks: each room gets the form its audience may see. Then sockets that
   * do not take what they are sent are dropped (see `backlog-guard.ts`).
   */
  publish(events: readonly EventEnvelope[]): void {
    const io = this.#io
    this.#backlog.sweepSoon(() => connectedSockets(io))
    for (const event of events) {
      const visible = publicEvent(event)
      const forDisplays = displayEvent(event)
      if (forDisplays !== visible) {
        io.to(STAFF_ROOM).emit(event.type, event as never)
        io.to(DEVICE_ROOM)
          .except(DISPLAY_ROOM)
          .emit(event.type, visible as never)
        io.to(DISPLAY_ROOM)
          .except(ZONE_ROOM)
          .emit(event.type, forDisplays as never)
      } else if (visible === event) {
        // Staff and devices are everyone but the trackers: one pass over the sockets, no room union.
        io.except([TRACKER_ROOM, ZONE_ROOM]).emit(event.type, event as never)
      } else {
        io.to(STAFF_ROOM).emit(event.type, event as never)
        io.to(DEVICE_ROOM)
          .except(ZONE_ROOM)
          .emit(event.type, visible as never)
      }
      // Each zone display its own copy, with only the numbers it may show.
      for (const [deviceId, zone] of this.#zones)
        io.to(zoneRoom(deviceId)).emit(event.type, zoneEvent(event, zone, this.#engine.state) as never)
    }
  }

  /**
   * The centre config changed (the admin screen): later snapshots carry the new one, and every face
   * connected now gets it at once (`config:updated`; staff with the directory), without reconnecting.
   */
  configChanged(config: CentreConfig): void {
    this.#centreConfig = publicConfig(config)
    this.#directory = directoryOf(config)
    // A display whose zone changed is dropped (`dropChangedDevices`) and joins again with its new zone.
    this.#zones = zonesOf(config)
    this.#zoneSnapshots = new Map()
    this.#io.to(STAFF_ROOM).emit('config:updated', { config: this.#centreConfig, directory: this.#directory })
    this.#io.to(DEVICE_ROOM).emit('config:updated', { config: this.#centreConfig })
  }

  /** The registration desk's facts go to registration staff alone. */
  publishRegistration(update: RegistrationUpdate): void {
    this.#io.to(REGISTRATION_ROOM).emit('registration:updated', update)
  }

  /** A fact as this socket may see it: a zone display's copy names only its own calls' numbers. */
  #forAudience(principal: Principal, event: EventEnvelope): EventEnvelope {
    const zone = principal.zone ? this.#zones.get(principal.id) : undefined
    return zone ? zoneEvent(event, zone, this.#engine.state) : forAudience(principal, event)
  }

  #snapshotFor(principal: Principal): Snapshot {
    const state = this.#engine.state
    if (this.#snapshots.seq !== state.seq) {
      this.#snapshots = { seq: state.seq, staff: null, devices: null, displays: null }
      this.#zoneSnapshots = new Map()
    }
    const zone = principal.zone ? this.#zones.get(principal.id) : undefined
    if (zone) {
      let shown = this.#zoneSnapshots.get(principal.id)
      if (!shown) this.#zoneSnapshots.set(principal.id, (shown = zoneState(state, zone)))
      return {
        seq: state.seq,
        serverTime: this.#now(),
        state: shown,
        config: this.#centreConfig,
        you: principal,
      }
    }
    const audience: Audience =
      principal.role === 'staff' ? 'staff' : isDisplay(principal) ? 'displays' : 'devices'
    const shared = (this.#snapshots[audience] ??=
      audience === 'staff'
        ? structuredClone(state)
        : audience === 'displays'
          ? displayState(state)
          : publicState(state))
    return {
      seq: state.seq,
      serverTime: this.#now(),
      state: shared,
      config: this.#centreConfig,
      you: principal,
      ...(audience === 'staff' ? { directory: this.#directory } : {}),
    }
  }
}

/**
 * Runs `show` on a state that holds only durable events: at once with a synchronous store, or once
 * the engine's commit in flight has resolved (an asynchronous store).
 */
export function whenSettled(engine: CentreEngine, logger: Logger, show: () => void): void {
  const settled = engine.whenSettled()
  if (!settled) return show()
  void settled.then(show).catch((error: unknown) => logger.error({ err: error }, 'sync failed'))
}

function isDisplay(principal: Principal): boolean {
  return principal.role === 'device' && principal.roles.includes('display')
}

function forAudience(principal: Principal, event: EventEnvelope): EventEnvelope {
  if (principal.role === 'staff') return event
  return isDisplay(principal) ? displayEvent(event) : publicEvent(event)
}

/** The zone displays of a config, by device id. */
function zonesOf(config: CentreConfig): ReadonlyMap<string, DisplayZone> {
  return new Map(
    config.devices.flatMap((device) =>
      device.kind === 'display' && device.zone ? [[device.id, device.zone] as const] : [],
    ),
  )
}
