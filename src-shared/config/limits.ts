/**
 * Every rate limit of the hub, as config: commands per Socket.IO connection by role, with an override per
 * device, and requests per integration key of the HTTP API. A centre leaves the section out and gets the
 * defaults, which are the limits the hub always had (100 commands a second per connection, bursts of 200).
 *
 * Kept out of `policy` on purpose: `policy` holds the call-next rules, part of which every face receives
 * (`publicConfig`); limits are the hub's protection against a buggy or hostile client, seen by nobody.
 */
import { z } from 'zod'
import { id } from './common'

/** A token bucket: `perSecond` sustained, up to `burst` at once after a quiet spell. */
export const rateLimitSchema = z
  .object({
    /** Requests (commands) per second, sustained. */
    perSecond: z.number().positive('must be above 0').max(1_000_000),
    /** Requests that may arrive at once after a quiet spell. */
    burst: z.number().int().min(1).max(1_000_000),
  })
  .strict()
export type RateLimit = z.infer<typeof rateLimitSchema>

/** What every Socket.IO connection gets unless the config says otherwise: the hub's limit since 0.1. */
export const DEFAULT_COMMAND_LIMIT: RateLimit = { perSecond: 100, burst: 200 }

/**
 * What an integration key gets unless its own entry says otherwise: an integration's server sends a
 * handful of requests per citizen, so 20 a second (bursts of 40) leaves room for a busy hour and still
 * bounds one runaway client.
 */
export const DEFAULT_INTEGRATION_LIMIT: RateLimit = { perSecond: 20, burst: 40 }

/**
 * The `/book` page per address: 5 requests a second (bursts of 60: a page load and a few days of slots),
 * and 10 codes at once then one a minute, enough for a family or an office behind one address.
 */
export const DEFAULT_BOOK_PAGE_LIMITS: { requests: RateLimit; codes: RateLimit } = {
  requests: { perSecond: 5, burst: 60 },
  codes: { perSecond: 1 / 60, burst: 10 },
}

const commandLimit = rateLimitSchema.default(DEFAULT_COMMAND_LIMIT)

/** The config's `limits` section: every field defaults. */
export const limitsSchema = z
  .object({
    /** Commands per Socket.IO connection, by who is connected. */
    commands: z
      .object({
        staff: commandLimit,
        device: commandLimit,
        /** A tracker's messages are all refused (it is read-only), but they still count. */
        tracker: commandLimit,
      })
      .strict()
      .default({
        staff: DEFAULT_COMMAND_LIMIT,
        device: DEFAULT_COMMAND_LIMIT,
        tracker: DEFAULT_COMMAND_LIMIT,
      }),
    /** Per device id, instead of `commands.device` (e.g. a kiosk that a load test drives). */
    deviceCommands: z.record(id, rateLimitSchema).default({}),
    /** Requests per integration key of the HTTP API, unless the integration sets its own `rateLimit`. */
    integration: rateLimitSchema.default(DEFAULT_INTEGRATION_LIMIT),
    /**
     * The citizens' `/book` page, per client address (many phones may share one behind a carrier's NAT):
     * every request of its API, and the one-time codes it sends (each SMS costs the centre money).
     */
    bookPage: z
      .object({
        requests: rateLimitSchema.default(DEFAULT_BOOK_PAGE_LIMITS.requests),
        codes: rateLimitSchema.default(DEFAULT_BOOK_PAGE_LIMITS.codes),
      })
      .strict()
      .default(DEFAULT_BOOK_PAGE_LIMITS),
  })
  .strict()
export type LimitsConfig = z.infer<typeof limitsSchema>
