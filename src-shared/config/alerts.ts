/**
 * The supervisor's alerts (issue 16): when a wait, a pause or a device's silence is long enough to flag
 * on the live view. Every field defaults, so a centre leaves the section out and gets the demo's rules.
 */
import { z } from 'zod'
import { DEFAULT_WAIT_STANDARD_MINUTES } from './wait-standard'

export const alertsSchema = z
  .object({
    /** The centre's service standard: a visitor waiting longer than this is flagged. */
    waitStandardMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(240, 'must be at most 240 minutes')
      .default(DEFAULT_WAIT_STANDARD_MINUTES),
    /** A window paused longer than this is flagged (a pause reason's own `limitMinutes` goes first). */
    pauseLimitMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(600, 'must be at most 600 minutes')
      .default(15),
    /** A kiosk or display whose connection has been gone this long is flagged as offline. */
    deviceOfflineSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(5, 'must be at least 5 seconds')
      .max(3600, 'must be at most 3600 seconds')
      .default(60),
  })
  .strict()
export type AlertsConfig = z.infer<typeof alertsSchema>
