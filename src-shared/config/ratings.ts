/**
 * The citizen's rating after service (`ticket:rate` from the tracker page): how long after the finish a
 * ticket may be rated, and the short list of reasons offered beside the score.
 */
import { z } from 'zod'
import { id, localizedTextSchema } from './common'
import { RATING_REASON_SCORES } from './rating-bands'

export { HIGH_SCORE_FROM, RATING_REASON_SCORES, reasonsFor, type RatingReasonScores } from './rating-bands'

export const ratingReasonSchema = z
  .object({
    id,
    name: localizedTextSchema,
    /** Offered with low scores (1–3), high ones (4–5) or any; default any. */
    scores: z.enum(RATING_REASON_SCORES).default('any'),
  })
  .strict()
export type RatingReason = z.infer<typeof ratingReasonSchema>

export const ratingsSchema = z
  .object({
    /**
     * Minutes after the finish during which the tracker asks and the hub takes a vote. The tracker's
     * link lives until the centre's day turns, so a vote is never taken after that, whatever this says.
     */
    windowMinutes: z.number().int().min(1).max(1440).default(120),
    /** The short list of reasons a citizen may add to a score; none: score only. */
    reasons: z.array(ratingReasonSchema).max(12).default([]),
  })
  .strict()
export type RatingsConfig = z.infer<typeof ratingsSchema>
