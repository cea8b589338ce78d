import { computed, toRaw, type ComputedRef, type Ref } from 'vue'
import { newcomerEstimate, rankMap } from '../../src-shared/domain'
import { waitFields, type WaitFields } from '../../src-shared/protocol'
import { useCentreStore } from '../stores/centre'
import { useConnectionStore } from '../stores/connection'
import { useServerClock } from './use-server-clock'

/** As time passes with no fact (services in hand run on), the estimates are made again this often. */
export const ESTIMATE_REFRESH_MS = 30_000

/**
 * What a visitor taking a ticket now would wait, per service id: the domain's `newcomerEstimate` (the
 * estimate the ticket's ack gives) on the centre state this face holds and its public config, in the
 * priority category `categoryId`, at the hub's clock. The one place a face estimates; made again on
 * every fact or snapshot and every `refreshMs`, and only while a component reads it.
 */
export function useNewcomerEstimates(
  categoryId: Readonly<Ref<string | null>>,
  refreshMs = ESTIMATE_REFRESH_MS,
): ComputedRef<Readonly<Record<string, WaitFields>>> {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const tick = useServerClock(refreshMs)
  return computed(() => {
    // Read so that a fact (folded into the state in place), a snapshot or a tick makes them again.
    void centre.seq
    void tick.value
    const config = centre.config
    if (!config || !centre.loaded) return {}
    // The raw state: the estimate walks queues and desks, with nothing to track field by field.
    const state = toRaw(centre.state)
    const now = connection.serverNow()
    const ranks = rankMap(config)
    const estimates: Record<string, WaitFields> = {}
    for (const service of config.services) {
      const estimate = newcomerEstimate(state, config, service.id, now, categoryId.value, ranks)
      estimates[service.id] = waitFields(estimate)
    }
    return estimates
  })
}
