/**
 * The notifier: notifications to citizens by SMS and Telegram, through an outbox. One entry,
 * `mountNotifier`, which `server.ts` calls:
 *
 * - `records/` keeps the outbox, its cursor, the consents and the Telegram links (SQLite or PostgreSQL);
 * - `outbox-feed.ts` makes the rows from the committed facts (the rules are `src-shared/notifications`);
 * - `delivery.ts` sends them (the registration's SMS gateway, the bot's `TelegramSender`);
 * - `http.ts` shows staff the recent ones (`GET /api/notifications`).
 *
 * `consents` and `links` are the contracts `/join` and the Telegram bot call (`contracts.ts`).
 */
import type { CentreConfig } from '../../../src-shared/config'
import type { CentreState, EventEnvelope } from '../../../src-shared/domain'
import { notificationSettings } from '../../../src-shared/notifications'
import type { Logger } from '../logger'
import type { SmsGateway } from '../registration/adapters/sms-gateway'
import type { AsyncEventStore } from '../store/types'
import type { VaultEntries } from '../vault'
import type { NotifyConsents, TelegramLinks, TelegramSender } from './contracts'
import { NotifyDelivery } from './delivery'
import type { NotifyRecords, OutboxRow } from './notify-records'
import { OutboxFeed } from './outbox-feed'
import { openNotifyRecords } from './records'

export type { NotifyConsents, TelegramLinks, TelegramSender } from './contracts'
export type { NotifyRecords, OutboxReason, OutboxRow, OutboxStatus } from './notify-records'
export { notificationsApp } from './http'

const DAY_MS = 24 * 60 * 60_000

export interface NotifierOptions {
  store: AsyncEventStore
  /** The engine: its state and config now, and its commits. */
  engine: {
    readonly state: CentreState
    readonly config: CentreConfig
    onCommit(listener: (events: EventEnvelope[]) => void): () => void
  }
  entries: VaultEntries
  sms: SmsGateway
  telegram?: TelegramSender
  logger: Logger
  now: () => number
  /** After each delivery attempt, with the row as stored (tests). */
  onAttempt?: (row: OutboxRow) => void
}

export interface Notifier {
  consents: NotifyConsents
  links: TelegramLinks
  records: NotifyRecords
  /** Vault entries a consent, a link or a notification still to send needs: retention keeps them. */
  entriesInUse(): Promise<string[]>
  /** Drops outbox rows older than `notifications.retentionDays`; returns how many. */
  prune(): Promise<number>
  close(): Promise<void>
}

/**
 * Opens the records, catches the outbox up with the log (what a crash left), then listens to the
 * engine's commits and starts delivering. Rejects, with nothing started, when the records cannot open.
 */
export async function mountNotifier(options: NotifierOptions): Promise<Notifier> {
  const { store, engine, logger, now } = options
  const records = await openNotifyRecords(store)
  if (!records) throw new Error('notifications can be kept only in SQLite or PostgreSQL')
  const delivery = new NotifyDelivery({ ...options, records, centre: engine })
  const feed = new OutboxFeed({ records, store, centre: engine, logger, now, onAdded: () => delivery.kick() })
  // Listening first: facts that commit while it catches up wait in its queue.
  const unsubscribe = engine.onCommit((events) => feed.onCommit(events))
  try {
    await feed.start()
  } catch (error) {
    unsubscribe()
    throw error
  }
  delivery.start()

  const consents: NotifyConsents = {
    grant: async (phoneId, channels, at) => records.grant(phoneId, channels, at),
    revoke: async (phoneId, channels, at) => records.revoke(phoneId, channels, at),
    channelsOf: async (phoneId) => records.channelsOf(phoneId),
  }
  const links: TelegramLinks = {
    link: async (phoneId, chatEntryId, language, at) => records.link(phoneId, chatEntryId, language, at),
    unlink: async (phoneId) => records.unlink(phoneId),
    chatOf: async (phoneId) => records.chatOf(phoneId),
    phoneOf: async (chatEntryId) => records.phoneOf(chatEntryId),
  }
  return {
    consents,
    links,
    records,
    entriesInUse: async () => records.entriesInUse(),
    async prune() {
      const days = notificationSettings(engine.config).retentionDays
      const pruned = await records.prune(now() - days * DAY_MS)
      if (pruned > 0)
        logger.info({ event: 'notify-prune', pruned, retentionDays: days }, 'old notifications pruned')
      return pruned
    },
    async close() {
      unsubscribe()
      await feed.stop()
      await delivery.stop()
    },
  }
}
