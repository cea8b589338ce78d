/** The mobile-citizen registration desk: retention, consent text and the adapters it talks through. */
import { z } from 'zod'

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
