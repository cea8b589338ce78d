/**
 * What every way of joining the queue from home shares (the `/join` page, the integration API's remote
 * tickets, the Telegram bot): which services one may join now and with what wait, whether the centre
 * would take a join before a code is spent or a phone put in the vault, and a remote ticket as its holder
 * sees it. The decision itself is the domain's (`src-shared/domain/remote-queue.ts`); this only asks it.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { CentreConfig } from '../../src-shared/config'
import {
  DomainError,
  expectedEstimate,
  estimateWait,
  lapsesAt,
  newcomerEstimate,
  rankMap,
  remoteSettings,
  type CentreState,
  type ErrorCode,
  type Ticket,
  type WaitEstimate,
} from '../../src-shared/domain'
import { decideJoin } from '../../src-shared/domain/remote-queue'
import type { RemoteChannel } from '../../src-shared/domain/types'
import type { CentreEngine } from './centre-engine'
import { serviceList, type ServicesAnswer } from './http/api/services'

type ApiService = ServicesAnswer['services'][number]

/** A phone id no vault entry has: a phone the vault does not know yet holds no remote tickets. */
const UNKNOWN_PHONE = 've_preflight'

/**
 * Whether the centre would take `ticket:join` for this service and phone now, by the domain's own rules:
 * the refusal it would give, or null. Nothing changes.
 */
export function joinRefusal(
  engine: Pick<CentreEngine, 'state' | 'now'>,
  config: CentreConfig,
  join: { serviceId: string; phoneId: string | null; channel: RemoteChannel; travelMinutes?: number },
): DomainError | null {
  try {
    decideJoin(
      engine.state,
      {
        type: 'ticket:join',
        serviceId: join.serviceId,
        phoneId: join.phoneId ?? UNKNOWN_PHONE,
        channel: join.channel,
        ...(join.travelMinutes === undefined ? {} : { travelMinutes: join.travelMinutes }),
      },
      {
        now: engine.now(),
        config,
        actor: { kind: 'citizen', bookingId: null },
        newId: randomUUID,
        newToken: () => randomBytes(12).toString('base64url'),
      },
    )
    return null
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
}

/** A service one may join from home, with the wait a joiner would have now, or why one cannot now. */
export type JoinableService = ApiService & {
  estimate: Pick<WaitEstimate, 'ahead' | 'windows' | 'minutes' | 'low' | 'high'>
  /** Why the centre would refuse a join now (`no_window_serves`, `remote_join_full`, `centre_closed`, …). */
  refusal: ErrorCode | null
}

/** The services the centre lets one join from home, in the config's order. */
export function joinableServices(
  engine: Pick<CentreEngine, 'state' | 'now'>,
  config: CentreConfig,
): JoinableService[] {
  const settings = remoteSettings(config)
  if (!settings.enabled) return []
  const now = engine.now()
  const ranks = rankMap(config)
  return serviceList(config)
    .services.filter((service) => settings.services.includes(service.id))
    .map((service) => {
      const { ahead, windows, minutes, low, high } = newcomerEstimate(
        engine.state,
        config,
        service.id,
        now,
        null,
        ranks,
      )
      const refused = joinRefusal(engine, config, { serviceId: service.id, phoneId: null, channel: 'web' })
      return { ...service, estimate: { ahead, windows, minutes, low, high }, refusal: refused?.code ?? null }
    })
}

/**
 * Where a remote ticket stands for its holder: `expected` (joined, not told to come yet), `come_now`
 * (told to come), `held` (its turn came before its holder checked in), then the ticket's own status
 * once checked in (`waiting`, `called`, …) or `lapsed`, `cancelled`.
 */
export type RemoteStatus = 'come_now' | 'held' | Ticket['status']

export interface RemoteTicketView {
  number: string
  serviceId: string
  status: RemoteStatus
  /** What checks it in at the kiosk (`K7M42Q`; shown dashed). */
  code: string
  /** The wait: while expected as if its holder were in the hall at its place, then its real one. */
  ahead: number | null
  windows: number | null
  minutes: number | null
  low: number | null
  high: number | null
  /** While held: when it lapses unless its holder checks in (epoch ms). */
  checkInBy: number | null
}

export function remoteStatus(ticket: Ticket): RemoteStatus {
  const remote = ticket.remote
  if (ticket.status !== 'expected' || !remote) return ticket.status
  if (remote.heldAt !== null) return 'held'
  return remote.comeNowAt !== null ? 'come_now' : 'expected'
}

/** While a remote ticket is held: when it lapses unless its holder checks in (epoch ms); else null. */
export function checkInBy(ticket: Ticket, config: CentreConfig): number | null {
  const remote = ticket.remote
  if (ticket.status !== 'expected' || !remote || remote.heldAt === null) return null
  return lapsesAt(remote, remoteSettings(config).holdMinutes)
}

/** A remote ticket as its holder sees it now. */
export function remoteTicketView(
  state: CentreState,
  config: CentreConfig,
  ticket: Ticket,
  now: number,
): RemoteTicketView {
  const estimate =
    ticket.status === 'expected'
      ? expectedEstimate(state, config, ticket.id, now)
      : estimateWait(state, config, ticket.id, now)
  return {
    number: ticket.number,
    serviceId: ticket.serviceId,
    status: remoteStatus(ticket),
    code: ticket.remote!.code,
    ahead: estimate?.ahead ?? null,
    windows: estimate?.windows ?? null,
    minutes: estimate?.minutes ?? null,
    low: estimate?.low ?? null,
    high: estimate?.high ?? null,
    checkInBy: checkInBy(ticket, config),
  }
}
