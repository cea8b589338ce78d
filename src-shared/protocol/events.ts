/**
 * Fact payloads: one zod schema per fact, as the hub stores and broadcasts it (the fact plus `seq` and
 * `at`). The hub checks its own log with them when it loads it; a display written by someone else can
 * check what it receives with the same schemas.
 *
 * They describe what the hub writes, not what a command may ask for: limits on lengths and ranges
 * belong to the command schemas, and a log written by an older hub must still load. Unknown fields are
 * refused, so that a row from somewhere else is not taken for a fact.
 */
import { z } from 'zod'
import { describeIssues } from '../config'
import {
  BOOKING_CHANNELS,
  PRINTER_STATES,
  REMOTE_CHANNELS,
  type EventEnvelope,
  type EventOf,
  type EventType,
} from '../domain/types'

const frame = {
  /** Position in the centre's log, contiguous from 1. */
  seq: z.number().int().positive(),
  /** Epoch ms at which the hub decided it. */
  at: z.number().int().nonnegative(),
}

const id = z.string()
const callReason = z.enum(['booking', 'priority', 'regular', 'aged', 'streak', 'direct'])
const selfServiceOutcome = z.enum(['completed', 'abandoned', 'timed_out'])
const stepIndex = z.number().int().nonnegative()

const deskSchema = z.strictObject({
  id,
  status: z.enum(['closed', 'open', 'paused']),
  staffId: id.nullable(),
  serviceIds: z.array(id),
  ticketId: id.nullable(),
  priorityStreak: z.number().int().nonnegative(),
  since: z.number(),
  pauseReason: id.optional(),
  pausedMs: z.number().nonnegative().optional(),
  pauseCountsFrom: z.number().optional(),
})

const bookingChannel = z.enum(BOOKING_CHANNELS)

const bookingSchema = z.strictObject({
  id,
  code: z.string(),
  serviceId: id,
  slotStart: z.number(),
  slotEnd: z.number(),
  day: z.string(),
  /** Null for a kiosk's walk-in booking (no IIN). */
  personId: id.nullable(),
  phoneId: id.nullable(),
  channel: bookingChannel,
  by: z.string(),
  status: z.enum(['booked', 'checked_in', 'cancelled', 'lapsed']),
  bookedAt: z.number(),
  ticketId: id.nullable(),
  endedAt: z.number().nullable(),
  reason: z.string().nullable(),
})

/** One schema per fact type, each of the whole envelope. A missing or extra key is a compile error. */
export const eventSchemas = {
  'day:opened': z.strictObject({
    type: z.literal('day:opened'),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD'),
    // Absent in logs written before 2026-12-03.
    desks: z.record(id, deskSchema).optional(),
    serviceTimes: z.record(id, z.array(z.number())).optional(),
    // Absent in logs written before bookings.
    bookings: z.record(id, bookingSchema).optional(),
    ...frame,
  }),
  'ticket:issued': z.strictObject({
    type: z.literal('ticket:issued'),
    ticketId: id,
    number: z.string(),
    prefix: z.string(),
    serviceId: id,
    categoryId: id.nullable(),
    bookedFor: z.number().nullable(),
    /** Staff only: kiosks and displays get the fact without it. */
    trackToken: z.string().optional(),
    /** A kiosk walk-in booking's ticket: its queue rank (its slot's window opening) when not `at`. */
    rank: z.number().optional(),
    /** Issued by staff at this desk, for a walk-in at the window. */
    deskId: id.optional(),
    ...frame,
  }),
  'ticket:called': z.strictObject({
    type: z.literal('ticket:called'),
    ticketId: id,
    deskId: id,
    staffId: id.nullable(),
    reason: callReason,
    // Only in a zone display's copy: the number its ticket:issued left out.
    number: z.string().optional(),
    /** A supervisor who called it to someone else's window, and why. */
    by: id.optional(),
    note: z.string().optional(),
    ...frame,
  }),
  'ticket:recalled': z.strictObject({
    type: z.literal('ticket:recalled'),
    ticketId: id,
    deskId: id,
    ...frame,
  }),
  'ticket:started': z.strictObject({ type: z.literal('ticket:started'), ticketId: id, ...frame }),
  'ticket:finished': z.strictObject({
    type: z.literal('ticket:finished'),
    ticketId: id,
    outcome: id.optional(),
    ...frame,
  }),
  'ticket:missed': z.strictObject({ type: z.literal('ticket:missed'), ticketId: id, ...frame }),
  'ticket:transferred': z.strictObject({
    type: z.literal('ticket:transferred'),
    ticketId: id,
    fromServiceId: id,
    toServiceId: id,
    note: z.string().nullable(),
    by: id.optional(),
    reason: z.string().optional(),
    ...frame,
  }),
  // A rank between two others is a fraction.
  'ticket:postponed': z.strictObject({
    type: z.literal('ticket:postponed'),
    ticketId: id,
    rank: z.number(),
    by: id.optional(),
    reason: z.string().optional(),
    ...frame,
  }),
  'ticket:cancelled': z.strictObject({
    type: z.literal('ticket:cancelled'),
    ticketId: id,
    by: id.optional(),
    reason: z.string().optional(),
    ...frame,
  }),
  'ticket:prioritised': z.strictObject({
    type: z.literal('ticket:prioritised'),
    ticketId: id,
    categoryId: id.nullable(),
    rank: z.number(),
    by: id,
    reason: z.string(),
    ...frame,
  }),
  'ticket:restored': z.strictObject({
    type: z.literal('ticket:restored'),
    ticketId: id,
    deskId: id,
    undid: z.enum(['ticket:missed', 'ticket:postponed']),
    by: id.nullable(),
    ...frame,
  }),
  'ticket:closed': z.strictObject({
    type: z.literal('ticket:closed'),
    ticketId: id,
    reason: z.enum(['day_ended']),
    ...frame,
  }),
  'desk:opened': z.strictObject({
    type: z.literal('desk:opened'),
    deskId: id,
    staffId: id.nullable(),
    serviceIds: z.array(id),
    by: id.optional(),
    reason: z.string().optional(),
    ...frame,
  }),
  'desk:paused': z.strictObject({
    type: z.literal('desk:paused'),
    deskId: id,
    reason: z.string().optional(),
    by: id.optional(),
    ...frame,
  }),
  'desk:resumed': z.strictObject({ type: z.literal('desk:resumed'), deskId: id, ...frame }),
  'desk:closed': z.strictObject({
    type: z.literal('desk:closed'),
    deskId: id,
    by: id.optional(),
    reason: z.string().optional(),
    ...frame,
  }),
  'selfservice:started': z.strictObject({
    type: z.literal('selfservice:started'),
    sessionId: id,
    serviceId: id,
    kioskId: id,
    ...frame,
  }),
  'selfservice:step-reached': z.strictObject({
    type: z.literal('selfservice:step-reached'),
    sessionId: id,
    step: stepIndex,
    ...frame,
  }),
  'selfservice:ended': z.strictObject({
    type: z.literal('selfservice:ended'),
    sessionId: id,
    outcome: selfServiceOutcome,
    ...frame,
  }),
  'help:requested': z.strictObject({
    type: z.literal('help:requested'),
    helpId: id,
    kioskId: id,
    serviceId: id,
    sessionId: id.nullable(),
    step: stepIndex.nullable(),
    ...frame,
  }),
  'help:accepted': z.strictObject({
    type: z.literal('help:accepted'),
    helpId: id,
    staffId: id,
    /** Left out of what hall displays receive. */
    firstName: z.string().optional(),
    ...frame,
  }),
  'help:resolved': z.strictObject({ type: z.literal('help:resolved'), helpId: id, ...frame }),
  'help:cancelled': z.strictObject({ type: z.literal('help:cancelled'), helpId: id, ...frame }),
  'booking:made': z.strictObject({
    type: z.literal('booking:made'),
    bookingId: id,
    code: z.string(),
    serviceId: id,
    slotStart: z.number(),
    slotEnd: z.number(),
    day: z.string(),
    /** Vault entry ids, never the IIN or the number; staff only. Null: a kiosk's walk-in booking. */
    personId: id.nullable(),
    phoneId: id.nullable(),
    channel: bookingChannel,
    by: z.string(),
    ...frame,
  }),
  'booking:cancelled': z.strictObject({
    type: z.literal('booking:cancelled'),
    bookingId: id,
    reason: z.string().nullable(),
    ...frame,
  }),
  'booking:checked-in': z.strictObject({
    type: z.literal('booking:checked-in'),
    bookingId: id,
    ticketId: id,
    ...frame,
  }),
  'booking:lapsed': z.strictObject({ type: z.literal('booking:lapsed'), bookingId: id, ...frame }),
  'ticket:joined': z.strictObject({
    type: z.literal('ticket:joined'),
    ticketId: id,
    number: z.string(),
    prefix: z.string(),
    serviceId: id,
    /** Staff only, as the code and the phone's vault id: kiosks and displays get the fact without them. */
    trackToken: z.string(),
    code: z.string(),
    phoneId: id,
    channel: z.enum(REMOTE_CHANNELS),
    travelMinutes: z.number().int().min(0),
    ...frame,
  }),
  'ticket:come-now': z.strictObject({
    type: z.literal('ticket:come-now'),
    ticketId: id,
    ahead: z.number().int().min(0),
    minutes: z.number().min(0),
    low: z.number().min(0).nullable(),
    high: z.number().min(0).nullable(),
    ...frame,
  }),
  'ticket:held': z.strictObject({ type: z.literal('ticket:held'), ticketId: id, ...frame }),
  'ticket:checked-in': z.strictObject({ type: z.literal('ticket:checked-in'), ticketId: id, ...frame }),
  'ticket:lapsed': z.strictObject({ type: z.literal('ticket:lapsed'), ticketId: id, ...frame }),
  'ticket:rated': z.strictObject({
    type: z.literal('ticket:rated'),
    ticketId: id,
    score: z.number().int().min(1).max(5),
    reason: id.nullable(),
    ...frame,
  }),
  /** Staff only: kiosks and displays get it with an empty text. */
  'staff:messaged': z.strictObject({
    type: z.literal('staff:messaged'),
    messageId: id,
    deskId: id,
    staffId: id,
    text: z.string(),
    by: id,
    ...frame,
  }),
  'staff:message-read': z.strictObject({
    type: z.literal('staff:message-read'),
    messageId: id,
    staffId: id,
    ...frame,
  }),
  'device:reported': z.strictObject({
    type: z.literal('device:reported'),
    deviceId: id,
    printer: z.enum(PRINTER_STATES),
    ...frame,
  }),
} as const satisfies { [T in EventType]: z.ZodType<EventEnvelope<EventOf<T>>> }

/** Every fact type the hub broadcasts, in the schemas' order: a new fact is listed by adding its schema. */
export const FACT_TYPES = Object.keys(eventSchemas) as EventType[]

type EventSchema = (typeof eventSchemas)[EventType]

/** Any fact with its `seq` and `at`, told apart by `type`. */
export const eventEnvelopeSchema = z.discriminatedUnion(
  'type',
  Object.values(eventSchemas) as [EventSchema, ...EventSchema[]],
)

// The schema and the TypeScript types say exactly the same, per fact type: a fact type, field, optional
// field or enum value added to one and not the other fails `npm run typecheck` here, with "Type 'false'
// does not satisfy the constraint 'true'". (Mutual assignability alone would let an optional field
// slip through on either side.)
type Flat<T> = { [K in keyof T]: T[K] }
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false
type Assert<T extends true> = T
type _SchemasMatchTypes = Assert<
  Same<
    { [T in EventType]: Flat<EventEnvelope<EventOf<T>>> },
    { [T in EventType]: Flat<z.infer<(typeof eventSchemas)[T]>> }
  >
>
type _UnionMatchesTypes = Assert<Same<Flat<z.infer<typeof eventEnvelopeSchema>>, Flat<EventEnvelope>>>

/** Problems worded for someone reading a log, e.g. `deskId: expected string, received number`. */
const problemText: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const known = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator] !== undefined
    return known ? 'not a fact this hub knows' : 'missing'
  }
  if (issue.input === undefined) return 'missing'
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int' && typeof issue.input === 'number')
      return `expected an integer, received ${issue.input}`
    return `expected ${issue.expected}, received ${kindOf(issue.input)}`
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((value) => JSON.stringify(value)).join(', ')
    return `expected one of ${values}, received ${JSON.stringify(issue.input)}`
  }
  return undefined
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

export type EventCheck = { ok: true; event: EventEnvelope } | { ok: false; problems: string[] }

/**
 * Checks one fact (parsed from JSON) against its schema. The problems read `field.path: what is wrong`,
 * one per issue.
 */
export function checkEventEnvelope(value: unknown): EventCheck {
  // Without parse options first: zod's compiled fast path is taken only then, and a log is mostly valid.
  const parsed = eventEnvelopeSchema.safeParse(value)
  if (parsed.success) return { ok: true, event: parsed.data }
  const worded = eventEnvelopeSchema.safeParse(value, { error: problemText })
  return { ok: false, problems: describeIssues(worded.error ?? parsed.error) }
}
