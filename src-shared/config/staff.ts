/** Who signs in (staff, by password) and which devices pair with the hub (kiosks, displays, by key). */
import { z } from 'zod'
import { id } from './common'
import { displayZoneSchema } from './display-zone'

export const STAFF_ROLES = ['consultant', 'registrar', 'supervisor', 'admin'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const staffSchema = z
  .object({
    id,
    login: z
      .string()
      .regex(/^[a-z0-9._-]{2,40}$/, 'must be 2–40 lowercase letters, digits, dots, dashes or underscores'),
    firstName: z.string().trim().min(1).max(60),
    lastName: z.string().trim().max(60).default(''),
    roles: z.array(z.enum(STAFF_ROLES)).min(1, 'give at least one role'),
    /** `scrypt$N$r$p$salt$hash` from `npm run hash-password`. Never a plain password. */
    passwordHash: z
      .string()
      .regex(
        /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/,
        'must be a scrypt hash from `npm run hash-password`',
      ),
    /** A disabled login cannot sign in, and its sessions end (the admin screen's "disable"). */
    disabled: z.boolean().optional(),
    /**
     * The password was given to the person (a new login, a reset on the admin screen, or a bootstrap
     * file that says so): at their next sign-in they must choose their own before anything else. Cleared
     * when they do.
     */
    mustChangePassword: z.boolean().optional(),
  })
  .strict()
export type StaffConfig = z.infer<typeof staffSchema>

/** A staff password's length, wherever one is set: the admin screen, the person's own, the CLI. */
export const STAFF_PASSWORD_MIN_LENGTH = 8
export const STAFF_PASSWORD_MAX_LENGTH = 200

/** What is wrong with a new staff password, or null. The forms say it in the user's language. */
export function staffPasswordProblem(password: unknown): 'too_short' | 'too_long' | null {
  if (typeof password !== 'string' || password.length < STAFF_PASSWORD_MIN_LENGTH) return 'too_short'
  return password.length > STAFF_PASSWORD_MAX_LENGTH ? 'too_long' : null
}

export const DEVICE_KINDS = ['kiosk', 'display'] as const
export type DeviceKind = (typeof DEVICE_KINDS)[number]

export const deviceSchema = z
  .object({
    id,
    kind: z.enum(DEVICE_KINDS),
    name: z.string().trim().min(1).max(80),
    /** `sha256$<hex>` of the device key, from `npm run hash-password -- --device`. */
    keyHash: z
      .string()
      .regex(
        /^sha256\$[0-9a-f]{64}$/,
        'must be sha256$<64 hex digits> from `npm run hash-password -- --device`',
      ),
    /** A display limited to some services and/or windows, with its own title. Absent: the whole hall. */
    zone: displayZoneSchema.optional(),
  })
  .strict()
export type DeviceConfig = z.infer<typeof deviceSchema>
