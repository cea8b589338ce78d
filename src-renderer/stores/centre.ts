import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type {
  DeskConfig,
  PublicCentreConfig,
  ServiceConfig,
  ServiceGroupConfig,
} from '../../src-shared/config'
import {
  evolve,
  initialState,
  type CallRecord,
  type CentreState,
  type EventEnvelope,
} from '../../src-shared/domain'
import type { Directory } from '../../src-shared/config'
import type { ConfigUpdate, Principal, Snapshot } from '../../src-shared/protocol'
import { zoneShows } from '../../src-shared/protocol/zone-projection'

/** What happened to one fact offered to the store. */
export type FactOutcome = 'applied' | 'stale' | 'gap'

export interface RecentCall extends CallRecord {
  /** The desk's label from the config ("3"), or its id if the config does not know it. */
  deskLabel: string
}

/**
 * The centre as this face knows it: the public config and a reactive `CentreState` folded with the
 * same `evolve` the hub uses. Only the hub client writes it; faces read it through the getters.
 */
const NO_NAMES: Directory = Object.freeze({ staff: {}, devices: {}, deskStaff: [] })

export const useCentreStore = defineStore('centre', () => {
  const config = shallowRef<PublicCentreConfig | null>(null)
  const state = ref<CentreState>(initialState(''))
  const you = shallowRef<Principal | null>(null)
  /** Names of staff and devices by id (staff faces only; empty elsewhere). */
  const directory = shallowRef<Directory>(NO_NAMES)
  /** True once a snapshot has been applied: before that `state` is empty, not "no tickets". */
  const loaded = ref(false)

  const seq = computed(() => state.value.seq)

  /** Replaces everything with a snapshot from the hub. */
  function replace(snapshot: Snapshot): void {
    config.value = snapshot.config
    you.value = snapshot.you
    directory.value = snapshot.directory ?? NO_NAMES
    state.value = snapshot.state
    loaded.value = true
  }

  /**
   * A new config from the hub (`config:updated`, the admin screen changed it): service names, windows and
   * the rest show the new one at once; the state stays as it is.
   */
  function applyConfig(update: ConfigUpdate): void {
    config.value = update.config
    if (update.directory) directory.value = update.directory
  }

  /**
   * Applies one fact if it is the next one. Older facts (seq <= state.seq) are ignored; a fact from
   * further ahead is not applied and reported as a gap, for the caller to resync.
   */
  function receive(event: EventEnvelope): FactOutcome {
    const current = state.value.seq
    if (event.seq <= current) return 'stale'
    if (event.seq !== current + 1) return 'gap'
    evolve(state.value, event)
    return 'applied'
  }

  /** Forgets the state but keeps the config, for a resync from the start of the log. */
  function resetState(): void {
    state.value = initialState(config.value?.centre.id ?? '')
  }

  function $reset(): void {
    config.value = null
    you.value = null
    directory.value = NO_NAMES
    state.value = initialState('')
    loaded.value = false
  }

  // --- getters ------------------------------------------------------------------------------------

  const groups = computed<ServiceGroupConfig[]>(() => config.value?.serviceGroups ?? [])
  const services = computed<ServiceConfig[]>(() => config.value?.services ?? [])
  const priorityCategories = computed(() =>
    [...(config.value?.priorityCategories ?? [])].sort((a, b) => a.rank - b.rank),
  )

  const serviceById = computed(() => new Map(services.value.map((s) => [s.id, s])))
  const groupById = computed(() => new Map(groups.value.map((g) => [g.id, g])))
  const deskById = computed(
    () => new Map<string, DeskConfig>((config.value?.desks ?? []).map((d) => [d.id, d])),
  )

  /** Services of each group, in config order; every group has an entry, maybe empty. */
  const servicesByGroup = computed<Record<string, ServiceConfig[]>>(() => {
    const byGroup: Record<string, ServiceConfig[]> = {}
    for (const group of groups.value) byGroup[group.id] = []
    for (const service of services.value) (byGroup[service.group] ??= []).push(service)
    return byGroup
  })

  /** Waiting tickets per service id. */
  const waitingByService = computed<Record<string, number>>(() => {
    const counts: Record<string, number> = {}
    for (const service of services.value) counts[service.id] = state.value.queues[service.id]?.length ?? 0
    return counts
  })

  /** Waiting tickets per group id. */
  const waitingByGroup = computed<Record<string, number>>(() => {
    const counts: Record<string, number> = {}
    for (const [groupId, list] of Object.entries(servicesByGroup.value)) {
      counts[groupId] = list.reduce((sum, s) => sum + (waitingByService.value[s.id] ?? 0), 0)
    }
    return counts
  })

  /**
   * The latest calls and recalls, newest first, with desk labels. A zone display's are those of its zone
   * only (the hub sent it no other numbers: `zoneEvent`).
   */
  const recentCalls = computed<RecentCall[]>(() => {
    const zone = you.value?.zone
    const calls = zone
      ? state.value.calls.filter(
          (call) =>
            call.number !== '' && zoneShows(zone, state.value.tickets[call.ticketId]?.serviceId, call.deskId),
        )
      : state.value.calls
    return [...calls]
      .reverse()
      .map((call) => ({ ...call, deskLabel: deskById.value.get(call.deskId)?.label ?? call.deskId }))
  })

  return {
    config,
    state,
    you,
    directory,
    loaded,
    seq,
    replace,
    applyConfig,
    receive,
    resetState,
    $reset,
    groups,
    services,
    priorityCategories,
    serviceById,
    groupById,
    deskById,
    servicesByGroup,
    waitingByService,
    waitingByGroup,
    recentCalls,
  }
})
