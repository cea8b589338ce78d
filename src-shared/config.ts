/**
 * The centre configuration: what a centre offers and who works there.
 *
 * The hub reads it from a JSON or YAML file (see `src-main/hub/config-file.ts`) and validates it with
 * `centreConfigSchema`; a wrong file stops startup naming the file, the field and what is wrong.
 * Service names live here, never in code: the Kazakh names of many services are not settled.
 */
import { z } from 'zod'
import {
  compileUrlPattern,
  isAllowedPortalUrl,
  PORTAL_DOMAIN_PATTERN,
  UrlPatternError,
} from './self-service/portal-url'

export const LANGUAGES = ['kk', 'ru', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'must be 1–40 lowercase letters, digits or dashes, starting with a letter or digit',
  )

/** A text in the three kiosk languages. Kazakh and Russian are required; English falls back to Russian. */
export const localizedTextSchema = z
  .object({
    kk: z.string().trim().min(1, 'Kazakh text is required').max(200),
    ru: z.string().trim().min(1, 'Russian text is required').max(200),
    en: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
export type LocalizedText = z.infer<typeof localizedTextSchema>

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24-hour)')

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

/** Cyrillic capitals that print like Latin ones. */
const LOOKALIKES: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ү: 'Y',
  І: 'I',
}

function lookalikeKey(prefix: string): string {
  return [...prefix].map((letter) => LOOKALIKES[letter] ?? letter).join('')
}

/** Where a citizen can do a service online: the egov.kz portal (guided at the kiosk), eGov Mobile, the Telegram bot. */
export const SELF_SERVICE_CHANNELS = ['portal', 'egov-mobile', 'telegram-bot'] as const
export type SelfServiceChannel = (typeof SELF_SERVICE_CHANNELS)[number]

/**
 * What the citizen needs to do a service online: the IIN alone, a phone bound to the IIN in the
 * mobile-citizen database (for one-time codes), or a digital signature (EDS).
 */
export const SELF_SERVICE_NEEDS = ['iin', 'phone-binding', 'eds'] as const
export type SelfServiceNeed = (typeof SELF_SERVICE_NEEDS)[number]

const uniqueList = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1)
    .superRefine((items, ctx) => {
      items.forEach((value, index) => {
        if (items.indexOf(value) !== index) {
          ctx.addIssue({ code: 'custom', path: [index], message: `"${String(value)}" is listed twice` })
        }
      })
    })

const portalUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an absolute http(s) URL',
  )

/** One step of a guided scenario: what the step panel shows, and the pages that mean it is reached. */
export const selfServiceStepSchema = z
  .object({
    title: localizedTextSchema,
    /** A URL glob (see `src-shared/self-service/portal-url.ts`): `*` within a path segment, `**` anything. */
    urlPattern: z
      .string()
      .trim()
      .max(500)
      .superRefine((value, ctx) => {
        try {
          compileUrlPattern(value)
        } catch (error) {
          if (!(error instanceof UrlPatternError)) throw error
          ctx.addIssue({ code: 'custom', message: error.message })
        }
      }),
  })
  .strict()
export type SelfServiceStep = z.infer<typeof selfServiceStepSchema>

/** How a service can be done online, and the guided scenario on the portal. */
export const serviceSelfServiceSchema = z
  .object({
    channels: uniqueList(z.enum(SELF_SERVICE_CHANNELS)),
    needs: uniqueList(z.enum(SELF_SERVICE_NEEDS)),
    /** Where the portal view opens (required with the `portal` channel). */
    startUrl: portalUrl.optional(),
    /** The guided steps, in order (at least one with the `portal` channel). */
    steps: z.array(selfServiceStepSchema).max(20).default([]),
  })
  .strict()
export type ServiceSelfService = z.infer<typeof serviceSelfServiceSchema>

const httpsUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'must be an https URL')

/** The centre's rules for guided self-service sessions at its kiosks. */
export const selfServiceSettingsSchema = z
  .object({
    /**
     * Hosts the portal view may show. `egov.kz` admits `egov.kz` and its subdomains (`idp.egov.kz`);
     * `host:port` admits exactly that (a portal stand-in on this machine).
     */
    allowedDomains: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .max(253)
          .regex(PORTAL_DOMAIN_PATTERN, 'must be a host name such as egov.kz, or host:port'),
      )
      .min(1, 'list at least one portal domain'),
    /** Quiet time before the kiosk asks "still here?". */
    idleSeconds: z.number().int().min(30).max(1800).default(180),
    /** How long the question counts down before the session ends and is wiped. */
    warningSeconds: z.number().int().min(5).max(300).default(30),
    /** What the kiosk's QR codes open on the citizen's phone, for next time. */
    qr: z
      .object({
        egovMobile: httpsUrl.optional(),
        telegramBot: httpsUrl.optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
export type SelfServiceSettings = z.infer<typeof selfServiceSettingsSchema>

export const serviceSchema = z
  .object({
    id,
    name: localizedTextSchema,
    group: id,
    /** Ticket letter(s). Services sharing a prefix share its counter, so numbers stay unique. */
    prefix: z.string().regex(/^[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{1,2}$/u, 'must be one or two capital letters'),
    /** The service can be done online (egov.kz, eGov Mobile or the Telegram bot). */
    online: z.boolean().default(false),
    /** Expected minutes at a window, used for wait estimates until real service times are known. */
    expectedMinutes: z.number().int().min(1).max(240).default(10),
    /** The mobile-citizen registration service (IIN-to-phone binding). */
    mobileRegistration: z.boolean().default(false),
    /** Online channels and the guided kiosk scenario; only for an `online` service. */
    selfService: serviceSelfServiceSchema.optional(),
  })
  .strict()
export type ServiceConfig = z.infer<typeof serviceSchema>

export const serviceGroupSchema = z.object({ id, name: localizedTextSchema }).strict()
export type ServiceGroupConfig = z.infer<typeof serviceGroupSchema>

export const deskSchema = z
  .object({
    id,
    /** What the hall display shows and the voice says: "window 3". */
    label: z.string().trim().min(1).max(8),
    /** Services this desk serves unless the consultant chooses otherwise. */
    serviceIds: z.array(id).min(1, 'a desk must serve at least one service'),
  })
  .strict()
export type DeskConfig = z.infer<typeof deskSchema>

export const priorityCategorySchema = z
  .object({
    id,
    name: localizedTextSchema,
    /** Lower comes first when several categories wait. */
    rank: z.number().int().min(1).max(99),
  })
  .strict()
export type PriorityCategoryConfig = z.infer<typeof priorityCategorySchema>

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
  })
  .strict()
export type StaffConfig = z.infer<typeof staffSchema>

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
  })
  .strict()
export type DeviceConfig = z.infer<typeof deviceSchema>

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
    estimateWindow: z.number().int().min(1).max(200).default(10),
    /** Refuse new tickets outside the opening hours (the demo centre turns this off). */
    enforceOpeningHours: z.boolean().default(true),
    /** How many others a postponed ticket lets go first, by default. */
    postponeBy: z.number().int().min(1).max(50).default(3),
  })
  .strict()
export type QueuePolicy = z.infer<typeof queuePolicySchema>

/** Name of an environment variable holding a secret, so the secret stays out of the config file. */
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'must be an environment variable name such as KEZEK_SMS_PASSWORD')

const httpAdapter = {
  kind: z.literal('http'),
  /** Where the JSON POST goes. */
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  username: z.string().min(1).max(200),
  /** The environment variable with the password (Basic auth); the hub refuses to start without it. */
  passwordEnv: envName,
  /** One request's time limit, ms. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
}

/** The consent the citizen gives, shown on the desk in both languages; `version` is stored with each binding. */
export const consentTextSchema = z
  .object({
    version: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be 1–40 letters, digits, dots, dashes or underscores'),
    kk: z.string().trim().min(1, 'Kazakh text is required').max(4000),
    ru: z.string().trim().min(1, 'Russian text is required').max(4000),
  })
  .strict()
export type ConsentText = z.infer<typeof consentTextSchema>

export const DEFAULT_CONSENT: ConsentText = {
  version: 'default-1',
  kk:
    'Мен жеке сәйкестендіру нөмірімді (ЖСН) және ұялы телефон нөмірімді мобильді азаматтар базасына ' +
    'тіркеу үшін жинауға және өңдеуге келісемін. Деректер тек осы мақсатқа пайдаланылады және ' +
    'Қазақстан Республикасының аумағында сақталады.',
  ru:
    'Я согласен(на) на сбор и обработку моего индивидуального идентификационного номера (ИИН) и номера ' +
    'мобильного телефона для регистрации в базе мобильных граждан. Данные используются только для этой ' +
    'цели и хранятся на территории Республики Казахстан.',
}

/** The mobile-citizen registration desk: retention, consent text and the adapters it talks through. */
export const registrationConfigSchema = z
  .object({
    /**
     * Days the hub keeps the IIN and phone of a binding: those of replaced and revoked bindings count from
     * the change, any binding's from its confirmation. Afterwards only masked copies remain.
     */
    retentionDays: z.number().int().min(1).max(3650).default(365),
    consent: consentTextSchema.default(DEFAULT_CONSENT),
    /** How one-time codes reach the phone: the outbox file in the data folder (demos, tests) or an HTTP gateway. */
    sms: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('outbox') }).strict(),
        z
          .object({
            ...httpAdapter,
            /** Retries after a failed send, with exponential backoff. */
            retries: z.number().int().min(0).max(5).default(2),
          })
          .strict(),
      ])
      .default({ kind: 'outbox' }),
    /** Where confirmed and revoked bindings are submitted: a local table (demos, tests) or the database's HTTP API. */
    gateway: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('local') }).strict(),
        z.object(httpAdapter).strict(),
      ])
      .default({ kind: 'local' }),
  })
  .strict()
export type RegistrationConfig = z.infer<typeof registrationConfigSchema>

export const centreConfigSchema = z
  .object({
    centre: z
      .object({
        id,
        name: localizedTextSchema,
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty'),
        openingHours: openingHoursSchema,
        /**
         * The hub's address as citizens' phones reach it (the centre's Wi-Fi or a public name), for the
         * tracker QR code. Default: the address the kiosk itself uses, which suits a kiosk on the LAN.
         */
        publicUrl: z
          .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://192.168.1.10:8080' })
          .transform((url) => url.replace(/\/+$/, ''))
          .optional(),
      })
      .strict(),
    serviceGroups: z.array(serviceGroupSchema).min(1),
    services: z.array(serviceSchema).min(1),
    desks: z.array(deskSchema).min(1),
    priorityCategories: z.array(priorityCategorySchema).default([]),
    policy: queuePolicySchema.default(queuePolicySchema.parse({})),
    staff: z.array(staffSchema).default([]),
    devices: z.array(deviceSchema).default([]),
    registration: registrationConfigSchema.default(registrationConfigSchema.parse({})),
    /** Guided self-service sessions: required once a service has a `selfService` block. */
    selfService: selfServiceSettingsSchema.optional(),
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
    unique(config.staff, 'id', 'staff', 'staff id')
    unique(config.staff, 'login', 'staff', 'login')
    unique(config.devices, 'id', 'devices', 'device id')
    // Latin "A" and Cyrillic "А" print the same but would count separately: two tickets "A001" in one day.
    const prefixByLook = new Map<string, { prefix: string; index: number }>()
    config.services.forEach((service, index) => {
      const look = lookalikeKey(service.prefix)
      const other = prefixByLook.get(look)
      if (other && other.prefix !== service.prefix) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'prefix'],
          message: `looks the same as prefix "${other.prefix}" of services[${other.index}] but is written with other letters (Latin and Cyrillic mixed); ticket numbers would repeat`,
        })
      } else if (!other) {
        prefixByLook.set(look, { prefix: service.prefix, index })
      }
    })
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
    checkSelfService(config, ctx)
  })

/** Each scenario fits its service and stays inside the centre's portal allowlist. */
function checkSelfService(
  config: { services: ServiceConfig[]; selfService?: SelfServiceSettings | undefined },
  ctx: z.RefinementCtx,
): void {
  const settings = config.selfService
  config.services.forEach((service, index) => {
    const scenario = service.selfService
    if (!scenario) return
    const at = (...path: (string | number)[]) => ['services', index, 'selfService', ...path]
    if (!service.online) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', index, 'online'],
        message: 'must be true for a service with selfService',
      })
    }
    const portal = scenario.channels.includes('portal')
    if (portal && scenario.startUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: at('startUrl'), message: 'is required with the portal channel' })
    }
    if (portal && scenario.steps.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: at('steps'),
        message: 'give at least one step for the portal channel',
      })
    }
    if (!portal && (scenario.startUrl !== undefined || scenario.steps.length > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: at('channels'),
        message: 'startUrl and steps guide a portal session: add "portal" to channels or remove them',
      })
    }
    if (!settings) {
      ctx.addIssue({
        code: 'custom',
        path: ['selfService'],
        message: `is required: services[${index}] ("${service.id}") has a selfService block`,
      })
      return
    }
    const domains = settings.allowedDomains.join(', ')
    if (scenario.startUrl !== undefined && !isAllowedPortalUrl(scenario.startUrl, settings.allowedDomains)) {
      ctx.addIssue({
        code: 'custom',
        path: at('startUrl'),
        message: `must be https on an allowed domain (selfService.allowedDomains: ${domains})`,
      })
    }
    scenario.steps.forEach((step, j) => {
      let origin: string
      try {
        origin = compileUrlPattern(step.urlPattern).origin
      } catch {
        return // reported by the step's own schema
      }
      if (!isAllowedPortalUrl(`${origin}/`, settings.allowedDomains)) {
        ctx.addIssue({
          code: 'custom',
          path: at('steps', j, 'urlPattern'),
          message: `must be https on an allowed domain (selfService.allowedDomains: ${domains})`,
        })
      }
    })
    const qr = { 'egov-mobile': 'egovMobile', 'telegram-bot': 'telegramBot' } as const
    for (const channel of ['egov-mobile', 'telegram-bot'] as const) {
      if (scenario.channels.includes(channel) && settings.qr[qr[channel]] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['selfService', 'qr', qr[channel]],
          message: `is required: services[${index}] ("${service.id}") offers the ${channel} channel`,
        })
      }
    }
  })
}
export type CentreConfig = z.infer<typeof centreConfigSchema>

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

/** The part of the config every face may see: no staff, no device keys. */
export interface PublicCentreConfig {
  centre: CentreConfig['centre']
  serviceGroups: ServiceGroupConfig[]
  services: ServiceConfig[]
  desks: DeskConfig[]
  priorityCategories: PriorityCategoryConfig[]
  /** Absent when the centre offers no guided self-service. */
  selfService?: SelfServiceSettings
}

export function publicConfig(config: CentreConfig): PublicCentreConfig {
  return {
    centre: config.centre,
    serviceGroups: config.serviceGroups,
    services: config.services,
    desks: config.desks,
    priorityCategories: config.priorityCategories,
    ...(config.selfService ? { selfService: config.selfService } : {}),
  }
}

/**
 * What the Electron shell asks the hub (`GET /api/self-service`) before it opens a portal view: the
 * allowlist and each service's scenario, from the hub's config rather than from the page.
 */
export interface SelfServiceCatalogue {
  settings: SelfServiceSettings | null
  services: { id: string; selfService: ServiceSelfService }[]
}

export const selfServiceCatalogueSchema = z
  .object({
    settings: selfServiceSettingsSchema.nullable(),
    services: z.array(z.object({ id, selfService: serviceSelfServiceSchema }).strict()).max(1000),
  })
  .strict()

export function selfServiceCatalogue(config: CentreConfig): SelfServiceCatalogue {
  return {
    settings: config.selfService ?? null,
    services: config.services.flatMap((service) =>
      service.selfService ? [{ id: service.id, selfService: service.selfService }] : [],
    ),
  }
}
