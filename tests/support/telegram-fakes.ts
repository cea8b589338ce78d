/**
 * In-memory `TelegramLinks` and `NotifyConsents` for the bot's tests: the contracts of
 * `src-main/hub/notify/contracts.ts` kept in maps, as the notifier's stores keep them in tables (one chat
 * per phone, a new link replacing the old; granting again keeps the first time).
 */
import type { Language } from '../../src-shared/config'
import type { NotifyChannel, NotifyConsents, TelegramLinks } from '../../src-main/hub/notify/contracts'

export class MemoryTelegramLinks implements TelegramLinks {
  readonly byPhone = new Map<string, { chatEntryId: string; language: Language; at: number }>()

  async link(phoneId: string, chatEntryId: string, language: Language, at: number): Promise<void> {
    for (const [phone, link] of this.byPhone) if (link.chatEntryId === chatEntryId) this.byPhone.delete(phone)
    this.byPhone.set(phoneId, { chatEntryId, language, at })
  }

  async unlink(phoneId: string): Promise<void> {
    this.byPhone.delete(phoneId)
  }

  async chatOf(phoneId: string) {
    const link = this.byPhone.get(phoneId)
    return link && { chatEntryId: link.chatEntryId, language: link.language }
  }

  async phoneOf(chatEntryId: string): Promise<string | undefined> {
    for (const [phone, link] of this.byPhone) if (link.chatEntryId === chatEntryId) return phone
    return undefined
  }
}

export class MemoryNotifyConsents implements NotifyConsents {
  readonly given = new Map<string, Map<NotifyChannel, number>>()

  async grant(phoneId: string, channels: readonly NotifyChannel[], at: number): Promise<void> {
    const mine = this.given.get(phoneId) ?? new Map<NotifyChannel, number>()
    for (const channel of channels) if (!mine.has(channel)) mine.set(channel, at)
    this.given.set(phoneId, mine)
  }

  async revoke(phoneId: string, channels: readonly NotifyChannel[]): Promise<void> {
    for (const channel of channels) this.given.get(phoneId)?.delete(channel)
  }

  async channelsOf(phoneId: string): Promise<NotifyChannel[]> {
    return [...(this.given.get(phoneId)?.keys() ?? [])]
  }
}
