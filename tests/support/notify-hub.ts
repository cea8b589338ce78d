/**
 * A hub with notifications on, for the notifier's tests: the demo centre with its remote queue open for
 * the passport service (windows 3 and 4), an SMS gateway that records what it is given (optionally
 * slow, failing or refusing), and shorthands for the commands that notify.
 */
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import type { Actor, Command } from '../../src-shared/domain'
import type { SmsGateway, SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'
import {
  demoConfig,
  expectOk,
  requestId,
  startTestHub,
  type TestHub,
  type TestHubOptions,
} from './hub-harness'

export const PASSPORT = 'id-card-passport'
export const PHONE = '+77012345678'
const system: Actor = { kind: 'system' }

/** The demo centre with the remote queue and notifications on (no quiet hours unless given). */
export function notifyConfig(notifications: Record<string, unknown> = {}): CentreConfig {
  return centreConfigSchema.parse({
    ...demoConfig(),
    remoteQueue: { enabled: true, services: [PASSPORT], holdMinutes: 10 },
    notifications: { enabled: true, quietHours: null, ...notifications },
  })
}

/** An SMS gateway that records every message; `behave` may delay, fail or refuse one. */
export class RecordingSms implements SmsGateway {
  readonly sent: SmsMessage[] = []
  behave: (message: SmsMessage) => Promise<void> = async () => undefined

  async send(message: SmsMessage): Promise<void> {
    await this.behave(message)
    this.sent.push(message)
  }
}

export interface NotifyHub extends TestHub {
  sms: RecordingSms
  /** Puts the phone in the vault and grants consent for these channels; resolves with its id. */
  consent(phone?: string, channels?: ('sms' | 'telegram')[]): Promise<string>
  /** Submits a command as the hub itself (or `actor`); fails the test if it is refused. */
  submit(command: Command, actor?: Actor): Promise<Record<string, unknown>>
  /** Joins the passport queue from home with this phone's id; resolves with the ticket's id and code. */
  join(phoneId: string): Promise<{ ticketId: string; code: string; number: string }>
}

export async function startNotifyHub(
  options: TestHubOptions & { notifications?: Record<string, unknown> } = {},
): Promise<NotifyHub> {
  const sms = new RecordingSms()
  const hub = await startTestHub({
    config: notifyConfig(options.notifications),
    ...options,
    hubOptions: {
      // No clock of its own: the remote sweep (told to come, held) runs only when a test sends it.
      housekeepingIntervalMs: 3_600_000,
      ...options.hubOptions,
      registration: { sms, ...options.hubOptions?.registration },
    },
  })
  const now = () => Date.now()
  const submit = async (command: Command, actor: Actor = system) =>
    expectOk(await hub.hub.engine.submit('system:test', requestId(), actor, command)) as unknown as Record<
      string,
      unknown
    >
  return Object.assign(hub, {
    sms,
    async consent(phone = PHONE, channels: ('sms' | 'telegram')[] = ['sms']) {
      const phoneId = await hub.hub.vault.entries.put('phone', phone, now())
      await hub.hub.notifier.consents.grant(phoneId, channels, now())
      return phoneId
    },
    submit,
    async join(phoneId: string) {
      const ack = await submit({ type: 'ticket:join', serviceId: PASSPORT, phoneId, channel: 'web' })
      const ticket = ack.ticket as { id: string; number: string }
      return { ticketId: ticket.id, number: ticket.number, code: ack.code as string }
    },
  })
}
