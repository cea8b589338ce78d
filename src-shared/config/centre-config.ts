/**
 * The centre configuration: what a centre offers and who works there.
 *
 * The hub reads it from a JSON or YAML file (see `src-main/hub/config-file.ts`) and validates it with
 * `centreConfigSchema`; a wrong file stops startup naming the file, the field and what is wrong.
 * Service names live here, never in code: the Kazakh names of many services are not settled.
 */
import { z } from 'zod'
import { alertsSchema } from './alerts'
import { bookingsSchema, checkBookings } from './bookings'
import { centreSchema } from './centre'
import { deskSchema } from './desks'
import { checkDisplayZones } from './display-zone'
import { checkDeskWork, outcomeSchema, pauseReasonSchema } from './desk-work'
import { integrationSchema } from './integrations'
import { limitsSchema } from './limits'
import { notificationsSchema } from './notifications'
import { priorityCategorySchema, queuePolicySchema } from './policy'
import { ratingsSchema } from './ratings'
import { registrationConfigSchema } from './registration'
import { remoteQueueSchema } from './remote-queue'
import { checkSelfService, selfServiceSettingsSchema } from './self-service'
import { checkPrefixes, serviceGroupSchema, serviceSchema } from './services'
import { telegramSchema } from './telegram'
import { deviceSchema, staffSchema } from './staff'

export const centreConfigSchema = z
  .object({
    centre: centreSchema,
    serviceGroups: z.array(serviceGroupSchema).min(1),
    services: z.array(serviceSchema).min(1),
    desks: z.array(deskSchema).min(1),
    priorityCategories: z.array(priorityCategorySchema).default([]),
    policy: queuePolicySchema.default(queuePolicySchema.parse({})),
    /** How a visit at the window ended, coded at finish (per service: `services[].outcomes`). */
    outcomes: z.array(outcomeSchema).max(50).default([]),
    /** Why a desk pauses, picked by the consultant when pausing. Empty: a pause has no reason. */
    pauseReasons: z.array(pauseReasonSchema).max(30).default([]),
    staff: z.array(staffSchema).default([]),
    devices: z.array(deviceSchema).default([]),
    registration: registrationConfigSchema.default(registrationConfigSchema.parse({})),
    /** Guided self-service sessions: required once a service has a `selfService` block. */
    selfService: selfServiceSettingsSchema.optional(),
    /** Booked visits: the schedule, the bookable services, the calendar and the limits. Absent: none. */
    bookings: bookingsSchema.optional(),
    /** The remote ("online") queue: joining today's queue from home. Absent: off. */
    remoteQueue: remoteQueueSchema.optional(),
    /** The centre's Telegram bot: its username, where its token is, polling or webhook. Absent: no bot. */
    telegram: telegramSchema.optional(),
    /** Notifications to citizens by SMS and Telegram (with their consent). Absent: off. */
    notifications: notificationsSchema.optional(),
    /** Systems that call the HTTP API (`/api/v1`), each with its own key and scopes. */
    integrations: z.array(integrationSchema).default([]),
    /** The citizen's rating after service, on the tracker page; every field defaults. */
    ratings: ratingsSchema.default(ratingsSchema.parse({})),
    /** Rate limits per role, device and integration; every field defaults. */
    limits: limitsSchema.default(limitsSchema.parse({})),
    /** When the supervisor's live view flags a wait, a pause or a device; every field defaults. */
    alerts: alertsSchema.default(alertsSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    const unique = <T, K extends keyof T & string>(items: T[], field: K, path: string, what: string) => {
      const seen = new Map<string, number>()
      items.forEach((item, index) => {
        const value = String(item[field])
        const first = seen.get(value)
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [path, index, field],
            message: `duplicate ${what} "${value}" (already used by ${path}[${first}])`,
          })
        } else {
          seen.set(value, index)
        }
      })
    }
    unique(config.serviceGroups, 'id', 'serviceGroups', 'group id')
    unique(config.services, 'id', 'services', 'service id')
    unique(config.desks, 'id', 'desks', 'desk id')
    unique(config.desks, 'label', 'desks', 'desk label')
    unique(config.priorityCategories, 'id', 'priorityCategories', 'category id')
    unique(config.outcomes, 'id', 'outcomes', 'outcome id')
    unique(config.pauseReasons, 'id', 'pauseReasons', 'pause reason id')
    unique(config.staff, 'id', 'staff', 'staff id')
    unique(config.staff, 'login', 'staff', 'login')
    unique(config.devices, 'id', 'devices', 'device id')
    unique(config.integrations, 'id', 'integrations', 'integration id')
    unique(config.ratings.reasons, 'id', 'ratings.reasons', 'rating reason id')
    // One key, one integration: otherwise a request's key would not say who sent it.
    unique(config.integrations, 'keyHash', 'integrations', 'integration key')
    const devices = new Set(config.devices.map((d) => d.id))
    for (const deviceId of Object.keys(config.limits.deviceCommands)) {
      if (!devices.has(deviceId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['limits', 'deviceCommands', deviceId],
          message: `unknown device "${deviceId}"`,
        })
      }
    }
    checkPrefixes(config.services, ctx)
    const groups = new Set(config.serviceGroups.map((g) => g.id))
    const services = new Set(config.services.map((s) => s.id))
    config.services.forEach((service, index) => {
      if (!groups.has(service.group)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'group'],
          message: `unknown service group "${service.group}"`,
        })
      }
    })
    config.desks.forEach((desk, index) => {
      desk.serviceIds.forEach((serviceId, j) => {
        if (!services.has(serviceId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['desks', index, 'serviceIds', j],
            message: `unknown service "${serviceId}"`,
          })
        }
      })
    })
    checkDisplayZones(config, ctx)
    checkSelfService(config, ctx)
    checkDeskWork(config, ctx)
    checkBookings(config, ctx)
    config.remoteQueue?.services.forEach((serviceId, index) => {
      if (!services.has(serviceId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['remoteQueue', 'services', index],
          message: `unknown service "${serviceId}"`,
        })
      }
    })
    if (config.remoteQueue && config.remoteQueue.travelMinutes > config.remoteQueue.maxTravelMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['remoteQueue', 'travelMinutes'],
        message: `must not exceed maxTravelMinutes (${config.remoteQueue.maxTravelMinutes})`,
      })
    }
    checkBotProcess(config, ctx)
  })

export type CentreConfig = z.infer<typeof centreConfigSchema>

/** A bot in its own process needs a key to the hub's API, and only such a bot may have one. */
function checkBotProcess(
  config: Pick<CentreConfig, 'telegram' | 'integrations'>,
  ctx: z.core.$RefinementCtx,
): void {
  const botProcess = config.telegram?.runsIn === 'bot-process'
  const keys = config.integrations.filter((i) => i.scopes.includes('telegram'))
  if (botProcess && keys.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['telegram', 'runsIn'],
      message: 'a bot in its own process needs an integration with scope telegram (its key to the hub)',
    })
  if (!botProcess)
    config.integrations.forEach((integration, index) => {
      if (integration.scopes.includes('telegram'))
        ctx.addIssue({
          code: 'custom',
          path: ['integrations', index, 'scopes'],
          message: 'scope telegram is for a bot in its own process: set telegram.runsIn to bot-process',
        })
    })
}

/** Formats zod issues as `field.path: message` lines, the way a centre admin reads them. */
export function describeIssues(error: z.ZodError): string[] {
  const format = (path: readonly PropertyKey[]) =>
    path.length
      ? path
          .map((part, i) =>
            typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
          )
          .join('')
      : '(top level)'
  return error.issues.flatMap((issue) =>
    // One line per unknown field, at its own path: usually a typo the admin can find by that path.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${format([...issue.path, key])}: unknown field`)
      : [`${format(issue.path)}: ${issue.message}`],
  )
}
