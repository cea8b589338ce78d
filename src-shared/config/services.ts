/** What the centre offers: services, their groups and ticket prefixes. */
import { z } from 'zod'
import { id, localizedTextSchema } from './common'
import { serviceSelfServiceSchema } from './self-service'

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
    /** The `outcomes` ids a consultant may code at finish for this service. Absent: every outcome. */
    outcomes: z.array(id).max(50).optional(),
  })
  .strict()
export type ServiceConfig = z.infer<typeof serviceSchema>

export const serviceGroupSchema = z.object({ id, name: localizedTextSchema }).strict()
export type ServiceGroupConfig = z.infer<typeof serviceGroupSchema>

/** Latin "A" and Cyrillic "А" print the same but would count separately: two tickets "A001" in one day. */
export function checkPrefixes(services: readonly ServiceConfig[], ctx: z.RefinementCtx): void {
  const prefixByLook = new Map<string, { prefix: string; index: number }>()
  services.forEach((service, index) => {
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
}
