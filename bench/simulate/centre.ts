/**
 * The simulated centre as Kezek sees it: a config validated by the real schema, its state, and the
 * hub's way of running one command (open the new local day if due, decide, apply), with the clock and
 * ids injected. No sockets, no store, no wall time.
 */
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import {
  applyEvents,
  dayChange,
  decide,
  initialState,
  rankMap,
  type Actor,
  type CentreState,
  type Command,
  type EventEnvelope,
} from '../../src-shared/domain'
import { CATEGORIES } from './models'
import type { Scenario } from './scenarios'

const TIME_ZONE = 'Asia/Almaty'
// Placeholders in the formats the schema checks; nobody signs in to a simulation.
const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA'
const KEY_HASH = `sha256$${'ab'.repeat(32)}`
/** Local midnight in Almaty (UTC+5) starting Monday 10 March 2025: day d of a run starts d days later. */
export const FIRST_MIDNIGHT = Date.UTC(2025, 2, 9, 19, 0, 0)
export const MINUTE = 60_000
export const DAY = 24 * 60 * MINUTE

const text = (en: string) => ({ kk: en, ru: en, en })

export const deskId = (i: number) => `w${i + 1}`
const staffId = (i: number) => `c${i + 1}`

export function simulatedConfig(scenario: Scenario): CentreConfig {
  const serviceIds = scenario.services.map((s) => s.id)
  const desks = Array.from({ length: scenario.windows }, (_, i) => i)
  return centreConfigSchema.parse({
    centre: {
      id: 'sim',
      name: text('Simulated centre'),
      timeZone: TIME_ZONE,
      openingHours: { mon: [['00:00', '23:59']] },
    },
    serviceGroups: [{ id: 'all', name: text('All') }],
    services: scenario.services.map((s) => ({
      id: s.id,
      name: text(s.id),
      group: 'all',
      prefix: s.prefix,
      expectedMinutes: s.configuredMin,
    })),
    desks: desks.map((i) => ({ id: deskId(i), label: String(i + 1), serviceIds })),
    priorityCategories: CATEGORIES.map((id, i) => ({ id, name: text(id), rank: i + 1 })),
    policy: { enforceOpeningHours: false },
    staff: desks.map((i) => ({
      id: staffId(i),
      login: staffId(i),
      firstName: `Consultant ${i + 1}`,
      roles: ['consultant'],
      passwordHash: PASSWORD_HASH,
    })),
    devices: [{ id: 'kiosk-1', kind: 'kiosk', name: 'Kiosk', keyHash: KEY_HASH }],
  })
}

export const kiosk: Actor = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' }

export function consultant(i: number): Actor {
  return { kind: 'staff', staffId: staffId(i), roles: ['consultant'] }
}

/** A centre driven in-process, as the hub's engine drives it, minus the store and the sockets. */
export class SimCentre {
  readonly config: CentreConfig
  readonly state: CentreState
  readonly categoryRanks: Record<string, number>
  private ids = 0

  constructor(scenario: Scenario) {
    this.config = simulatedConfig(scenario)
    this.state = initialState(this.config.centre.id)
    this.categoryRanks = rankMap(this.config)
  }

  /** Runs one command at virtual time `now`; throws what `decide` throws (a DomainError for a refusal). */
  exec(command: Command, actor: Actor, now: number): EventEnvelope[] {
    const change = dayChange(this.state, this.config, now)
    const opened = change ? applyEvents(this.state, [change], now) : []
    const events = decide(this.state, command, {
      now,
      config: this.config,
      actor,
      newId: () => `t${++this.ids}`,
      newToken: () => `token-${this.ids}`,
    })
    return [...opened, ...applyEvents(this.state, events, now)]
  }
}
