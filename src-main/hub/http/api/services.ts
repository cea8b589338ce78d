/**
 * `GET /api/v1/services` (scope `services:read`): what the centre offers, for an integration's own
 * service picker. Only the config's public facts: names in the three languages, the group, whether it
 * can be done online, the expected minutes at a window, and whether it can be booked.
 */
import { z } from 'zod'
import type { CentreConfig, LocalizedText } from '../../../../src-shared/config'
import { bookableService } from '../../../../src-shared/domain'
import { readRoute } from './route'

const text = z
  .object({
    kk: z.string(),
    ru: z.string(),
    en: z.string().meta({ description: 'The English name, or the Russian one where the centre gives none.' }),
  })
  .strict()
  .meta({ id: 'LocalizedText', description: 'A name in Kazakh, Russian and English.' })

/** One service as an integration sees it. */
export const apiServiceSchema = z
  .object({
    id: z.string().meta({ example: 'no-criminal-record' }),
    name: text,
    group: z.object({ id: z.string().meta({ example: 'certificates' }), name: text }).strict(),
    online: z
      .boolean()
      .meta({ description: 'The service can also be done online (egov.kz, eGov Mobile, the bot).' }),
    expectedMinutes: z
      .number()
      .int()
      .min(1)
      .meta({ description: "Minutes at a window, as the centre's config expects them." }),
    bookable: z.boolean().meta({ description: 'A citizen can book a time for it.' }),
  })
  .strict()
  .meta({ id: 'Service' })

/** The answer of `GET /api/v1/services`. */
export const servicesAnswerSchema = z
  .object({ services: z.array(apiServiceSchema).meta({ description: "In the centre's order." }) })
  .strict()
  .meta({ id: 'ServiceList' })

export type ServicesAnswer = z.infer<typeof servicesAnswerSchema>

function localized(name: LocalizedText): z.infer<typeof text> {
  return { kk: name.kk, ru: name.ru, en: name.en ?? name.ru }
}

/** The centre's services as `GET /api/v1/services` answers them. */
export function serviceList(config: CentreConfig): ServicesAnswer {
  const groups = new Map(config.serviceGroups.map((group) => [group.id, group]))
  return {
    services: config.services.map((service) => {
      const group = groups.get(service.group)!
      return {
        id: service.id,
        name: localized(service.name),
        group: { id: group.id, name: localized(group.name) },
        online: service.online,
        expectedMinutes: service.expectedMinutes,
        bookable: bookableService(config, service.id) !== null,
      }
    }),
  }
}

/** `GET /api/v1/services`, scope `services:read`. */
export const servicesRoute = readRoute({
  method: 'GET',
  path: '/services',
  scope: 'services:read',
  operationId: 'listServices',
  summary: "The centre's services",
  description:
    'Every service the centre offers, in its order, with names in Kazakh, Russian and English, its group, ' +
    'whether it can be done online, the expected minutes at a window, and whether it can be booked.',
  tag: 'services',
  response: { status: 200, description: 'The services.', schema: servicesAnswerSchema },
  handle: ({ config }) => serviceList(config),
})
