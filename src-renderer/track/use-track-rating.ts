/**
 * The rating form of one finished ticket: the score and reason chosen, and the sending. One request id
 * per vote, kept for "try again" after a lost answer, so a retry never counts twice. What the hub says
 * afterwards (the tracker's view turns `given`) is the truth; `outcome` words the answer meanwhile.
 */
import { computed, ref, type Ref } from 'vue'
import { reasonsFor } from '../../src-shared/config/rating-bands'
import type { TrackRating } from '../../src-shared/protocol'
import { PhoneCallError } from '../base/phone-api'
import { sendRating } from './track-rating-api'

/** What became of the vote sent: taken, a kind refusal, or a failure to try again. */
export type RatingOutcome = 'thanks' | 'alreadyRated' | 'closed' | 'failed' | 'offline'

function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return `rate-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export function useTrackRating(token: Ref<string>, rating: Ref<TrackRating>) {
  const score = ref<number | null>(null)
  const reason = ref<string | null>(null)
  const sending = ref(false)
  const outcome = ref<RatingOutcome | null>(null)
  let requestId: string | null = null

  /** The reasons offered with the chosen score. */
  const reasons = computed(() => (score.value === null ? [] : reasonsFor(rating.value.reasons, score.value)))

  function choose(next: number): void {
    if (sending.value) return
    score.value = next
    if (!reasons.value.some((r) => r.id === reason.value)) reason.value = null
    requestId = null
    outcome.value = null
  }

  function toggleReason(id: string): void {
    if (sending.value) return
    reason.value = reason.value === id ? null : id
    requestId = null
  }

  async function send(): Promise<void> {
    if (score.value === null || sending.value) return
    sending.value = true
    requestId ??= newRequestId()
    try {
      await sendRating(token.value, { requestId, score: score.value, reason: reason.value })
      outcome.value = 'thanks'
    } catch (error) {
      const code = error instanceof PhoneCallError ? error.code : 'internal'
      outcome.value =
        code === 'already_rated'
          ? 'alreadyRated'
          : code === 'rating_closed'
            ? 'closed'
            : code === 'offline'
              ? 'offline'
              : 'failed'
    } finally {
      sending.value = false
    }
  }

  return { score, reason, reasons, sending, outcome, choose, toggleReason, send }
}
