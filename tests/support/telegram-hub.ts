/**
 * A test hub with the centre's Telegram bot talking to the Bot API stand-in: the demo centre with the
 * remote queue open for `REMOTE_SERVICE`, the bot's `apiRoot` at the stand-in, its token in a test
 * environment, in-memory links and consents, and an SMS gateway that keeps what it sends. Reusable by
 * the notifier's tests (the "go to window N" message goes to the same stand-in).
 */
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import type { SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'
import { demoConfig, startTestHub, TUESDAY_MORNING, type TestHub, type TestHubOptions } from './hub-harness'
import { MemoryNotifyConsents, MemoryTelegramLinks } from './telegram-fakes'
import type { TelegramStandIn } from './telegram-standin'

/** Served at window 1 (desk-1) and 2 of the demo centre. */
export const REMOTE_SERVICE = 'no-criminal-record'
export const TOKEN_ENV = 'KEZEK_TEST_TELEGRAM_TOKEN'

export interface BotHub {
  hub: TestHub
  sms: SmsMessage[]
  links: MemoryTelegramLinks
  consents: MemoryNotifyConsents
  clock: { now: number }
}

/** The demo config with the bot at the stand-in and remote join open for `REMOTE_SERVICE`. */
export function botConfig(standIn: TelegramStandIn, telegram: Record<string, unknown> = {}): CentreConfig {
  return centreConfigSchema.parse({
    ...demoConfig(),
    telegram: { username: standIn.username, tokenEnv: TOKEN_ENV, apiRoot: standIn.apiRoot, ...telegram },
    remoteQueue: { enabled: true, services: [REMOTE_SERVICE], perPhoneAtOnce: 1, perPhonePerDay: 3 },
  })
}

export async function startBotHub(
  standIn: TelegramStandIn,
  options: {
    config?: CentreConfig
    env?: Record<string, string>
    links?: MemoryTelegramLinks
    consents?: MemoryNotifyConsents
    clock?: { now: number }
    /** Updates each chat may send (the bot's default otherwise). */
    chatRate?: { perSecond: number; burst: number }
  } & Pick<TestHubOptions, 'dataDir' | 'logger' | 'port'> = {},
): Promise<BotHub> {
  const sms: SmsMessage[] = []
  const links = options.links ?? new MemoryTelegramLinks()
  const consents = options.consents ?? new MemoryNotifyConsents()
  const clock = options.clock ?? { now: TUESDAY_MORNING }
  const hub = await startTestHub({
    config: options.config ?? botConfig(standIn),
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
      telegramBot: {
        links,
        consents,
        env: options.env ?? { [TOKEN_ENV]: standIn.token },
        ...(options.chatRate ? { chatRate: options.chatRate } : {}),
      },
    },
  })
  return { hub, sms, links, consents, clock }
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
