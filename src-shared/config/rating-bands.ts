/**
 * Which reasons go with a score, zod-free so the phone tracker can read it without the config's schemas
 * (the tracker's JavaScript is kept small: `tests/e2e/tracker-weight.test.ts`).
 */

/** Which scores a reason is offered with: low (1–3), high (4–5) or any. */
export const RATING_REASON_SCORES = ['low', 'high', 'any'] as const
export type RatingReasonScores = (typeof RATING_REASON_SCORES)[number]

/** The lowest score that counts as high: 4 and 5 are "good", 1–3 ask what went wrong. */
export const HIGH_SCORE_FROM = 4

/** The reasons offered with `score`. */
export function reasonsFor<R extends { scores: RatingReasonScores }>(
  reasons: readonly R[],
  score: number,
): R[] {
  const band = score >= HIGH_SCORE_FROM ? 'high' : 'low'
  return reasons.filter((reason) => reason.scores === 'any' || reason.scores === band)
}
