/** Guided self-service: which services can be done online, the portal scenarios and the kiosk rules. */
import { z } from 'zod'
import {
  compileUrlPattern,
  isAllowedPortalUrl,
  PORTAL_DOMAIN_PATTERN,
  UrlPatternError,
} from '../self-service/portal-url'
import type { CentreConfig } from './centre-config'
import { id, localizedTextSchema } from './common'
import type { ServiceConfig } from './services'

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
/** Each scenario fits its service and stays inside the centre's portal allowlist. */
export function checkSelfService(
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
