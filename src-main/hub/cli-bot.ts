/**
 * `npm run bot -- [--hub http://127.0.0.1:8080] [--key-file f] [--token-file f] [--api-root url]`
 *
 * The centre's Telegram bot in its own process (`telegram.runsIn: bot-process` in the centre's config):
 * the conversation of the bot in the hub, talking to the hub's integration API with a key of scope
 * `telegram`, and sending the hub's Telegram notifications. Prints one line once the hub answered, and a
 * one-line error naming what is wrong (exit status 2) when a flag, the key or the token is.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createLogger } from './logger'
import { startBotProcess } from './telegram/bot-process'
import { BOT_TOKEN_PATTERN } from './telegram/secrets'

const USAGE = `Usage: npm run bot -- [--hub http://127.0.0.1:8080] [--key-file file] [--token-file file] [--api-root url] [--log-level info]

  Runs the centre's Telegram bot in its own process. The centre's config says telegram.runsIn: bot-process
  and has an integration with scope telegram, whose key this process presents.

  --hub         the hub's address                       default http://127.0.0.1:8080, env KEZEK_HUB_URL
  --key-file    a file holding the integration key      default: env KEZEK_BOT_API_KEY
  --token-file  a file holding the bot's token          default: env KEZEK_TELEGRAM_TOKEN
  --api-root    the Telegram Bot API's address          default https://api.telegram.org, env KEZEK_TELEGRAM_API_ROOT
  --log-level   fatal, error, warn, info, debug or silent   default info, env KEZEK_LOG_LEVEL`

function fail(message: string): never {
  console.error(`kezek bot: ${message}`)
  process.exit(2)
}

/** A secret from its file, else from the environment; fails naming both places when neither has it. */
function secret(file: string | undefined, env: string, what: string): string {
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8').trim()
    } catch (error) {
      fail(`cannot read ${what} from ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
    }
  }
  const value = process.env[env]?.trim()
  if (!value)
    fail(`give ${what}: set ${env}, or name a file with --${what === 'the bot token' ? 'token' : 'key'}-file`)
  return value
}

function httpUrl(text: string, flag: string): string {
  try {
    const url = new URL(text)
    if (url.protocol === 'http:' || url.protocol === 'https:') return text
  } catch {
    // Reported below.
  }
  fail(`${flag}: "${text.slice(0, 100)}" is not an http(s) address`)
}

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        hub: { type: 'string' },
        'key-file': { type: 'string' },
        'token-file': { type: 'string' },
        'api-root': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const hubUrl = httpUrl(values.hub ?? process.env.KEZEK_HUB_URL ?? 'http://127.0.0.1:8080', '--hub')
  const apiRoot = httpUrl(
    values['api-root'] ?? process.env.KEZEK_TELEGRAM_API_ROOT ?? 'https://api.telegram.org',
    '--api-root',
  )
  const apiKey = secret(values['key-file'], 'KEZEK_BOT_API_KEY', 'the integration key')
  const token = secret(values['token-file'], 'KEZEK_TELEGRAM_TOKEN', 'the bot token')
  if (!BOT_TOKEN_PATTERN.test(token))
    fail(
      'the bot token is not a token as BotFather gives one (digits, a colon, then 30 or more letters, digits, _ or -)',
    )
  let logger
  try {
    logger = createLogger({ level: values['log-level'] ?? process.env.KEZEK_LOG_LEVEL })
  } catch (error) {
    fail((error as Error).message)
  }

  const bot = startBotProcess({ hubUrl, apiKey, token, apiRoot, logger })
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping')
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  try {
    await bot.ready
  } catch (error) {
    await bot.stop()
    fail(`the hub at ${hubUrl} did not answer as it should: ${(error as Error).message}`)
  }
  console.log(`Kezek Telegram bot running for the hub at ${hubUrl}`)
}

void main()
