/**
 * Integrations: the other systems that call the hub's HTTP API (`/api/v1`), such as egov.kz, eGov
 * Mobile, the Telegram bot or the 1414 line's software. Each has its own key, kept in the config only as
 * a hash (made like a device key's, by `npm run hash-password -- --integration`), the scopes it may use,
 * and optionally its own rate limit.
 */
import { z } from 'zod'
import { id } from './common'
import { rateLimitSchema } from './limits'

/**
 * What an integration may do, one scope per kind of request. A closed list: an unknown scope in the
 * config is an error, not a silent no-op.
 */
export const API_SCOPES = [
  /** List the centre's services. */
  'services:read',
  /** List free booking slots. */
  'slots:read',
  /** Book, cancel and reschedule. */
  'bookings:write',
  /** Look a booking up. */
  'bookings:read',
  /** Check a booked citizen in remotely, where the centre allows it. */
  'bookings:check-in',
  /** Read a booking's personal data (IIN, phone). */
  'persons:read',
  /** Join today's queue from home for a citizen, and cancel such a ticket. */
  'remote:write',
  /** Look a remote ticket up: where it stands and its wait. */
  'remote:read',
  /** Be the centre's Telegram bot in its own process (`npm run bot`, config `telegram.runsIn`). */
  'telegram',
] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** One entry of the config's `integrations`. */
export const integrationSchema = z
  .object({
    id,
    /** For people: "egov.kz", "1414 operators". */
    name: z.string().trim().min(1).max(80),
    /** `sha256$<hex>` of the integration's key, from `npm run hash-password -- --integration`. */
    keyHash: z
      .string()
      .regex(
        /^sha256\$[0-9a-f]{64}$/,
        'must be sha256$<64 hex digits> from `npm run hash-password -- --integration`',
      ),
    scopes: z
      .array(z.enum(API_SCOPES))
      .min(1, 'give at least one scope')
      .superRefine((scopes, ctx) => {
        scopes.forEach((scope, index) => {
          if (scopes.indexOf(scope) !== index)
            ctx.addIssue({ code: 'custom', path: [index], message: `"${scope}" is listed twice` })
        })
      }),
    /** Requests per second for this key; default `limits.integration`. */
    rateLimit: rateLimitSchema.optional(),
  })
  .strict()
export type IntegrationConfig = z.infer<typeof integrationSchema>
