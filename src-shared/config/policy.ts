/** Who is called first: priority categories and the call-next rules, including the wait estimate's window. */
import { z } from 'zod'
import { id, localizedTextSchema } from './common'

export const priorityCategorySchema = z
  .object({
    id,
    name: localizedTextSchema,
    /** Lower comes first when several categories wait. */
    rank: z.number().int().min(1).max(99),
  })
  .strict()
export type PriorityCategoryConfig = z.infer<typeof priorityCategorySchema>
/** Call-next rules. Every rule is per centre; the defaults follow common practice in the centres. */
export const queuePolicySchema = z
  .object({
    /** A booked visitor is "due" from this many minutes before the slot... */
    bookingEarlyMinutes: z.number().int().min(0).max(120).default(10),
    /** ...until this many minutes after it; later, the booking counts as a walk-in. */
    bookingLateMinutes: z.number().int().min(0).max(120).default(15),
    /** After this many booked/priority calls in a row, a waiting regular visitor is called next. 0 = no bound. */
    maxPriorityStreak: z.number().int().min(0).max(100).default(3),
    /** A regular visitor who has waited this long goes before priority categories (not before bookings). 0 = off. */
    regularMaxWaitMinutes: z.number().int().min(0).max(600).default(45),
    /** How many recent service times feed the moving average of the wait estimate. */
    estimateWindow: z.number().int().min(1).max(200).default(200),
    /** Refuse new tickets outside the opening hours (the demo centre turns this off). */
    enforceOpeningHours: z.boolean().default(true),
    /** How many others a postponed ticket lets go first, by default. */
    postponeBy: z.number().int().min(1).max(50).default(3),
    /** Finishing a ticket needs an outcome from `outcomes` (else the outcome is optional). */
    outcomeRequired: z.boolean().default(false),
  })
  .strict()
export type QueuePolicy = z.infer<typeof queuePolicySchema>
