/**
 * The bot's secrets, read at the hub's start from where the config says (never from the config itself):
 * the token from an environment variable or a file, the webhook's secret from an environment variable.
 * Anything missing or malformed stops the start with a message naming the variable or file.
 */
import { readFileSync } from 'node:fs'
import { DEFAULT_TELEGRAM_TOKEN_ENV, type TelegramConfig } from '../../../src-shared/config'

/** `123456789:AA…`: the bot's id, a colon, and at least 30 letters, digits, `_` or `-` (BotFather's form). */
export const BOT_TOKEN_PATTERN = /^\d{1,20}:[A-Za-z0-9_-]{30,100}$/
/** Telegram's own rule for a webhook's secret token. */
const SECRET = /^[A-Za-z0-9_-]{16,256}$/

export type Env = Readonly<Record<string, string | undefined>>

export interface BotSecrets {
  token: string
  /** Only in webhook mode. */
  webhookSecret: string | null
}

export function readBotSecrets(config: TelegramConfig, env: Env): BotSecrets {
  const token = readToken(config, env)
  if (!BOT_TOKEN_PATTERN.test(token))
    throw new Error(
      `the Telegram bot token from ${tokenSource(config)} is not a token as BotFather gives one (digits, a colon, then 30 or more letters, digits, _ or -)`,
    )
  if (config.mode !== 'webhook' || !config.webhook) return { token, webhookSecret: null }
  const name = config.webhook.secretEnv
  const secret = env[name]?.trim()
  if (!secret)
    throw new Error(
      `telegram.webhook.secretEnv names ${name}, which is not set: set it to a random secret of 16–256 letters, digits, _ or -`,
    )
  if (!SECRET.test(secret))
    throw new Error(`${name} (the Telegram webhook secret) must be 16–256 letters, digits, _ or -`)
  return { token, webhookSecret: secret }
}

function tokenSource(config: TelegramConfig): string {
  return config.tokenFile !== undefined
    ? `the file ${config.tokenFile}`
    : `the environment variable ${config.tokenEnv ?? DEFAULT_TELEGRAM_TOKEN_ENV}`
}

function readToken(config: TelegramConfig, env: Env): string {
  if (config.tokenFile !== undefined) {
    try {
      return readFileSync(config.tokenFile, 'utf8').trim()
    } catch (error) {
      throw new Error(
        `telegram.tokenFile: cannot read the bot token from ${config.tokenFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { cause: error },
      )
    }
  }
  const name = config.tokenEnv ?? DEFAULT_TELEGRAM_TOKEN_ENV
  const token = env[name]?.trim()
  if (!token)
    throw new Error(
      `the centre config names a Telegram bot (telegram.username ${config.username}) but ${name} is not set: set it to the token BotFather gave, or remove the telegram section`,
    )
  return token
}
