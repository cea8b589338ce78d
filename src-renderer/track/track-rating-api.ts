/**
 * The tracker's one write: the citizen's rating after service, `POST /api/track/<token>/rating`. The
 * tracker's socket is read-only; this goes over HTTP like the other phone pages' calls (`phone-api.ts`).
 */
import { phoneApi } from '../base/phone-api'

const call = phoneApi('/api/track')

export interface RatingSent {
  rating: { score: number; reason: string | null }
}

export function sendRating(
  token: string,
  body: { requestId: string; score: number; reason: string | null },
): Promise<RatingSent> {
  return call<RatingSent>(`/${encodeURIComponent(token)}/rating`, { body })
}
