/**
 * The notifications a citizens' page offers (`/join` and `/book` alike, one rule): SMS when the hub has a
 * notifier, Telegram too when the centre has a bot. The page's catalogue shows them as
 * `notify: { channels, telegramBot }`; its write takes `notify` (the ticked channels), refused naming
 * `body.notify` when it names one not offered; the consent is granted for the confirmed phone just before
 * the ticket or booking is made, so the notifier, which reads the consents as it follows the commit, finds
 * it for the first message ("ticket taken", "booking confirmed").
 */
import { z } from 'zod'
import { NOTIFY_CHANNELS, type NotifyChannel, type NotifyConsents } from '../notify/contracts'
import { refusal } from './citizen-page'

export interface NotifyOffer {
  /** The citizens' consents to be notified; null: this hub sends no notifications, none is offered. */
  consents: NotifyConsents | null
  /** The centre's Telegram bot's username (for its link), or null when it has none. */
  telegramBot: string | null
}

/** The channels a citizen may consent to on the page: SMS with a notifier, Telegram with a bot too. */
export function offeredChannels(offer: NotifyOffer): NotifyChannel[] {
  if (!offer.consents) return []
  return offer.telegramBot ? ['sms', 'telegram'] : ['sms']
}

/** The catalogue's `notify`: what the page shows as unticked boxes. */
export function notifyCatalogue(offer: NotifyOffer): {
  channels: NotifyChannel[]
  telegramBot: string | null
} {
  return { channels: offeredChannels(offer), telegramBot: offer.telegramBot }
}

/** The write's `notify` field: the ticked channels, each once; none by default. */
export const notifyField = z
  .array(z.enum(NOTIFY_CHANNELS))
  .max(NOTIFY_CHANNELS.length)
  .refine((list) => new Set(list).size === list.length, 'name each channel once')
  .default([])

/** Refuses (400, `body.notify`) channels this centre does not offer; before anything is made. */
export function checkOffered(offer: NotifyOffer, notify: readonly NotifyChannel[]): void {
  const offered = offeredChannels(offer)
  const unoffered = notify.filter((channel) => !offered.includes(channel))
  if (unoffered.length > 0)
    throw refusal(
      400,
      'validation_failed',
      'body.notify',
      `this centre does not notify by ${unoffered.join(', ')}`,
    )
}

/** Records consent to the ticked channels for the confirmed phone (idempotent: a retry keeps the first). */
export async function grantTicked(
  offer: NotifyOffer,
  phoneId: string,
  notify: readonly NotifyChannel[],
  at: number,
): Promise<void> {
  if (notify.length > 0 && offer.consents) await offer.consents.grant(phoneId, notify, at)
}
