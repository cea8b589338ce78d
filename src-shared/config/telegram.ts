/**
 * The centre's Telegram bot (`src-main/hub/telegram/`): absent, no bot. The token is a secret and never
 * in this file: the config names where the hub reads it (an environment variable or a file), and the
 * hub refuses to start, naming what is missing, when it is not there.
 */
import { z } from 'zod'

/** An environment variable's name, as a shell writes one. */
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'must be an environment variable name such as KEZEK_TELEGRAM_TOKEN')

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })

export const TELEGRAM_MODES = ['polling', 'webhook'] as const
export type TelegramMode = (typeof TELEGRAM_MODES)[number]

/**
 * Where the bot runs: in the hub's process (`hub`, the default; the hub reads the token), or in its own
 * (`bot-process`: `npm run bot`, which holds the token and talks to the hub's integration API with a key
 * of scope `telegram`; the hub then reads no token and hands the bot its notifications to send).
 */
export const TELEGRAM_RUNS_IN = ['hub', 'bot-process'] as const
export type TelegramRunsIn = (typeof TELEGRAM_RUNS_IN)[number]

export const telegramSchema = z
  .object({
    /** The bot's username without `@`, as BotFather gave it (for `https://t.me/<username>` links). */
    username: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be the bot username without @, e.g. kezek_astana_bot')
      .refine((name) => /bot$/i.test(name), 'a Telegram bot username ends with "bot"'),
    /** The environment variable holding the bot's token (default `KEZEK_TELEGRAM_TOKEN`). */
    tokenEnv: envName.optional(),
    /** Or a file holding only the token (e.g. a mounted secret); takes the place of `tokenEnv`. */
    tokenFile: z.string().min(1).max(1000).optional(),
    /** The Bot API's address; tests point it at a stand-in. */
    apiRoot: httpUrl.default('https://api.telegram.org'),
    /** `polling` (the default: no public address needed) or `webhook` (Telegram calls the hub). */
    mode: z.enum(TELEGRAM_MODES).default('polling'),
    /** `hub` (the default) or `bot-process` (`npm run bot`, with its own token and an API key). */
    runsIn: z.enum(TELEGRAM_RUNS_IN).default('hub'),
    webhook: z
      .object({
        /** The public https address Telegram posts updates to; the hub serves its path (under `/api/`). */
        url: z.url({ protocol: /^https$/, error: 'must be an https URL (Telegram calls only https)' }),
        /** The environment variable holding the secret Telegram sends back with each update. */
        secretEnv: envName,
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((bot, ctx) => {
    if (bot.tokenEnv !== undefined && bot.tokenFile !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['tokenFile'],
        message: 'name one place for the token: tokenEnv or tokenFile, not both',
      })
    if (bot.mode === 'webhook' && !bot.webhook)
      ctx.addIssue({
        code: 'custom',
        path: ['webhook'],
        message: 'mode webhook needs webhook.url and webhook.secretEnv',
      })
    if (bot.runsIn === 'bot-process' && bot.mode === 'webhook')
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: 'a bot in its own process (runsIn: bot-process) takes its updates by polling',
      })
    if (bot.runsIn === 'bot-process' && (bot.tokenEnv !== undefined || bot.tokenFile !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: [bot.tokenEnv !== undefined ? 'tokenEnv' : 'tokenFile'],
        message:
          'a bot in its own process (runsIn: bot-process) reads its token there (npm run bot), not in the hub',
      })
    if (bot.webhook && !new URL(bot.webhook.url).pathname.startsWith('/api/'))
      ctx.addIssue({
        code: 'custom',
        path: ['webhook', 'url'],
        message: 'the webhook path must be under /api/ (e.g. https://centre.example.kz/api/telegram/webhook)',
      })
  })
export type TelegramConfig = z.infer<typeof telegramSchema>

/** Where the token is read when the config names no place. */
export const DEFAULT_TELEGRAM_TOKEN_ENV = 'KEZEK_TELEGRAM_TOKEN'
