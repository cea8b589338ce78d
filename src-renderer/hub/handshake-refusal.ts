/**
 * Handshake refusals that pass with time. Most refusals are final (a wrong key, an ended session): the
 * face says so and waits for its user. These three are not: too many failed handshakes from this address
 * (`rate_limited`, with the hub's `retryAfterMs`), all of a device's or ticket's sockets taken while an
 * old one is still counted (`too_many_connections`), and a hub that could not check the credential
 * (`internal`). socket.io-client does not retry a refused handshake by itself, so the hub clients ask
 * again after the delay this gives.
 */

/** Without a hint from the hub; also the shortest wait. */
const DEFAULT_RETRY_MS = 5_000
const LONGEST_RETRY_MS = 120_000

const PASSING = new Set(['rate_limited', 'too_many_connections', 'internal'])

/** How long to wait before asking again after the refusal `data`; null when asking again will not help. */
export function retryDelayOf(data: { code?: string; retryAfterMs?: unknown } | undefined): number | null {
  if (!data?.code || !PASSING.has(data.code)) return null
  const hint =
    typeof data.retryAfterMs === 'number' && Number.isFinite(data.retryAfterMs) ? data.retryAfterMs : 0
  return Math.min(LONGEST_RETRY_MS, Math.max(DEFAULT_RETRY_MS, hint))
}
