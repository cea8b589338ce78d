/**
 * A test hub with the centre's Telegram bot talking to the Bot API stand-in: the demo centre with the
 * remote queue open for `REMOTE_SERVICE`, the bot's `apiRoot` at the stand-in, its token in a test
 * environment, in-memory links and consents, and an SMS gateway that keeps what it sends. Reusable by
 * the notifier's tests (the "go to window N" message goes to the same stand-in).
 */
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import { createLogger } from '../../src-main/hub/logger'
import { hashDeviceKey } from '../../src-main/hub/passwords'
import type { NotifyConsents, TelegramLinks } from '../../src-main/hub/notify'
import type { SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'
import { startBotProcess, type BotProcess } from '../../src-main/hub/telegram/bot-process'
import { demoConfig, startTestHub, TUESDAY_MORNING, type TestHub, type TestHubOptions } from './hub-harness'
import { MemoryNotifyConsents, MemoryTelegramLinks } from './telegram-fakes'
import type { TelegramStandIn } from './telegram-standin'

/** Served at window 1 (desk-1) and 2 of the demo centre. */
export const REMOTE_SERVICE = 'no-criminal-record'
export const TOKEN_ENV = 'KEZEK_TEST_TELEGRAM_TOKEN'
/** The key of the bot in its own process (an integration of scope `telegram`). */
export const BOT_API_KEY = 'kezek-test-telegram-bot-process-key-0123456789'

/** Where the bot runs: in the hub, or in its own process talking to the hub's API (`npm run bot`). */
export type BotPlace = 'hub' | 'bot-process'

export interface BotHub {
  hub: TestHub
  sms: SmsMessage[]
  links: TelegramLinks
  consents: NotifyConsents
  clock: { now: number }
  /** The bot in its own process (`bot-process`), else null. */
  process: BotProcess | null
  /** Stops the bot process (if any), then the hub. */
  close(): Promise<void>
}

/** The demo config with the bot at the stand-in and remote join open for `REMOTE_SERVICE`. */
export function botConfig(
  standIn: TelegramStandIn,
  telegram: Record<string, unknown> = {},
  place: BotPlace = 'hub',
): CentreConfig {
  const demo = demoConfig()
  return centreConfigSchema.parse({
    ...demo,
    telegram:
      place === 'hub'
        ? { username: standIn.username, tokenEnv: TOKEN_ENV, apiRoot: standIn.apiRoot, ...telegram }
        : { username: standIn.username, runsIn: 'bot-process', ...telegram },
    remoteQueue: { enabled: true, services: [REMOTE_SERVICE], perPhoneAtOnce: 1, perPhonePerDay: 3 },
    integrations: [
      ...demo.integrations,
      ...(place === 'hub'
        ? []
        : [
            {
              id: 'telegram-bot',
              name: 'Telegram bot',
              keyHash: hashDeviceKey(BOT_API_KEY),
              scopes: ['telegram'],
            },
          ]),
    ],
  })
}

export async function startBotHub(
  standIn: TelegramStandIn,
  options: {
    config?: CentreConfig
    env?: Record<string, string>
    links?: TelegramLinks
    consents?: NotifyConsents
    clock?: { now: number }
    /** Updates each chat may send (the bot's default otherwise). */
    chatRate?: { perSecond: number; burst: number }
    /** Default `hub`. */
    place?: BotPlace
    /** The notifier's own links and consents (so its notifications follow the bot's), not in-memory ones. */
    notifierStores?: boolean
    /** How the hub's relay to the bot process waits (its defaults otherwise). */
    relay?: { idleMs?: number; leaseMs?: number; timeoutMs?: number }
  } & Pick<TestHubOptions, 'dataDir' | 'logger' | 'port'> = {},
): Promise<BotHub> {
  const sms: SmsMessage[] = []
  const stores = options.notifierStores
    ? null
    : {
        links: options.links ?? new MemoryTelegramLinks(),
        consents: options.consents ?? new MemoryNotifyConsents(),
      }
  const clock = options.clock ?? { now: TUESDAY_MORNING }
  const place = options.place ?? 'hub'
  const hub = await startTestHub({
    config: options.config ?? botConfig(standIn, {}, place),
    now: () => clock.now,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.port ? { port: options.port } : {}),
    hubOptions: {
      registration: {
        sms: {
          async send(message) {
            sms.push(message)
          },
        },
      },
      ...(options.relay ? { telegramRelay: options.relay } : {}),
      telegramBot: {
        ...stores,
        env: options.env ?? { [TOKEN_ENV]: standIn.token },
        ...(options.chatRate ? { chatRate: options.chatRate } : {}),
      },
    },
  })
  const process =
    place === 'hub'
      ? null
      : startBotProcess({
          hubUrl: hub.url,
          apiKey: BOT_API_KEY,
          token: standIn.token,
          apiRoot: standIn.apiRoot,
          logger: createLogger({ level: 'silent' }),
          outboxWaitSeconds: 2,
          ...(options.chatRate ? { chatRate: options.chatRate } : {}),
        })
  await process?.ready
  return {
    hub,
    sms,
    links: stores?.links ?? hub.hub.notifier.links,
    consents: stores?.consents ?? hub.hub.notifier.consents,
    clock,
    process,
    async close() {
      await process?.stop()
      await hub.close()
    },
  }
}

/** The one-time code of the last SMS to `phone` (E.164). */
export function codeSentTo(sms: readonly SmsMessage[], phone: string): string {
  const text = sms.filter((m) => m.to === phone).at(-1)?.text ?? ''
  const code = /Код (\d{6})/.exec(text)?.[1]
  if (!code) throw new Error(`no one-time code was sent to ${phone}`)
  return code
}

/** A code that is not `code` (for the wrong-code step). */
export function otherCode(code: string): string {
  return code === '000000' ? '111111' : '000000'
}
