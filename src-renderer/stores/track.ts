import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { TrackView } from '../../src-shared/protocol'

/**
 * Why the tracker shows no ticket: the hub does not know the token (mistyped link, yesterday's ticket)
 * or the link cannot be a token at all.
 */
export type TrackProblem = 'unknown_ticket'

/**
 * The one ticket a phone follows: the hub's latest `TrackView` and when it came. Only the tracker client
 * writes it (see hub/tracker-client.ts).
 */
export const useTrackStore = defineStore('track', () => {
  const view = shallowRef<TrackView | null>(null)
  /** When the latest view arrived, by this phone's clock. */
  const receivedAt = ref<number | null>(null)
  const problem = ref<TrackProblem | null>(null)

  function receive(next: TrackView, at: number = Date.now()): void {
    view.value = next
    receivedAt.value = at
    problem.value = null
  }

  function fail(reason: TrackProblem): void {
    problem.value = reason
  }

  function $reset(): void {
    view.value = null
    receivedAt.value = null
    problem.value = null
  }

  return { view, receivedAt, problem, receive, fail, $reset }
})
