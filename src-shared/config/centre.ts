/** The centre itself: its id, names, time zone, opening hours and public address. */
import { z } from 'zod'
import { clockTime as clock, id, localizedTextSchema } from './common'

const interval = z
  .tuple([clock, clock])
  .refine(([from, to]) => from < to, 'opening interval must end after it starts')

/** A day's intervals, in order and without overlaps, so "open now" has one answer. */
const dayHours = z
  .array(interval)
  .max(4)
  .default([])
  .superRefine((intervals, ctx) => {
    intervals.forEach(([from], index) => {
      const previous = intervals[index - 1]
      if (previous && from < previous[1]) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `must start at or after ${previous[1]}, when the interval before it ends`,
        })
      }
    })
  })

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const openingHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((day) => [day, dayHours])) as Record<Weekday, typeof dayHours>)
  .strict()

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}

export const centreSchema = z
  .object({
    id,
    name: localizedTextSchema,
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty'),
    openingHours: openingHoursSchema,
    /**
     * When the centre's day turns (HH:MM, local): tickets still open then are closed and numbering starts
     * again. Default midnight; a centre open across midnight sets the hour it is surely closed, e.g. 04:00.
     */
    dayStartsAt: clock.optional(),
    /**
     * The hub's address as citizens' phones reach it (the centre's Wi-Fi or a public name), for the
     * tracker QR code. Default: the address the kiosk itself uses, which suits a kiosk on the LAN.
     */
    publicUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://192.168.1.10:8080' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** The street address citizens come to: on the `/book` page and in a booking's calendar file. */
    address: localizedTextSchema.optional(),
  })
  .strict()
