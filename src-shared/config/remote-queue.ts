/**
 * The remote ("online") queue: citizens join today's queue from home (`/join`, the integration API, the
 * Telegram bot) and are called once they check in at the kiosk. Off unless a centre turns it on, and
 * then only for the services it lists.
 */
import { z } from 'zod'
import { id } from './common'

export const remoteQueueSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The services one may join from home; a service not listed cannot be. */
    services: z.array(id).max(200).default([]),
    /** Remote tickets the centre takes in a day, all services together. */
    dailyCap: z.number().int().min(1).max(10_000).default(300),
    /** Remote tickets one phone may take in a day, and hold at once. */
    perPhonePerDay: z.number().int().min(1).max(20).default(2),
    perPhoneAtOnce: z.number().int().min(1).max(10).default(1),
    /**
     * Remote join closes for a service while this many people or more wait per open window serving it
     * (the hall is full enough); 0: no such threshold.
     */
    maxWaitingPerWindow: z.number().int().min(0).max(1000).default(0),
    /** Travel time assumed when the citizen names none, and the most they may name (minutes). */
    travelMinutes: z.number().int().min(0).max(240).default(30),
    maxTravelMinutes: z.number().int().min(5).max(240).default(120),
    /**
     * How long a remote ticket whose turn came is held aside for its holder to check in, counted from
     * when the turn came or from when they can have arrived (told to come + travel time), whichever is
     * later; then it lapses.
     */
    holdMinutes: z.number().int().min(1).max(240).default(15),
  })
  .strict()
export type RemoteQueueConfig = z.infer<typeof remoteQueueSchema>

/** The section as a centre without one has it: off. */
export const REMOTE_QUEUE_OFF: RemoteQueueConfig = remoteQueueSchema.parse({})
