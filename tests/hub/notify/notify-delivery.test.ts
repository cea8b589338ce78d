/**
 * The delivery worker on its own (a real SQLite outbox, stand-ins for the vault, the SMS gateway and the
 * Telegram sender): Telegram in the link's language, and what happens to the one message in flight when
 * the hub dies: its row was marked `sending` before the attempt, so the next start sends it again. An SMS
 * carries the same reference (the gateway makes it one message); a Telegram message has no such key and
 * may arrive twice, which its row says (`resent-after-restart`).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../src-main/hub/logger'
import { NotifyDelivery } from '../../../src-main/hub/notify/delivery'
import { SqliteNotifyRecords } from '../../../src-main/hub/notify/records'
import { openSqliteStore, type SqliteEventStore } from '../../../src-main/hub/store/sqlite-store'
import { initialState } from '../../../src-shared/domain'
import type { TelegramSender } from '../../../src-main/hub/notify/contracts'
import { intent } from '../../support/notify-records-contract'
import { notifyConfig, RecordingSms } from '../../support/notify-hub'

const WAIT = { timeout: 15_000 }
const VAULT: Record<string, string> = { ve_phone: '+77012345678', ve_chat: '987654321' }
const entries = {
  open: async (id: string) => {
    if (id === 've_unknown_kind')
      throw new Error('vault entry ve_unknown_kind is of kind x, which this version does not know')
    return VAULT[id] ? { kind: 'phone' as const, value: VAULT[id] } : undefined
  },
}
const config = notifyConfig({ retry: { baseSeconds: 1, maxSeconds: 1, maxAttempts: 2 } })
const centre = { state: initialState(config.centre.id), config }

class RecordingTelegram implements TelegramSender {
  readonly sent: { chatId: string; text: string; reference: string }[] = []
  hang = false
  async send(chatId: string, text: string, reference: string): Promise<void> {
    this.sent.push({ chatId, text, reference })
    if (this.hang) await new Promise(() => undefined)
  }
}

const stores: SqliteEventStore[] = []
const dirs: string[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.close()
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function records(): SqliteNotifyRecords {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-notify-delivery-'))
  dirs.push(dir)
  const store = openSqliteStore(dir)
  stores.push(store)
  return new SqliteNotifyRecords(store.db)
}

function delivery(r: SqliteNotifyRecords, telegram?: TelegramSender, sms = new RecordingSms()) {
  return new NotifyDelivery({
    records: r,
    centre,
    entries,
    sms,
    telegram,
    logger: createLogger({ level: 'silent' }),
    now: Date.now,
  })
}

const lapsed = (seq: number, channel: 'sms' | 'telegram', phoneId = 've_phone') =>
  intent(seq, {
    phoneId,
    key: `${seq}:lapsed:${channel}`,
    kind: 'lapsed',
    channel,
    params: { number: 'A012' },
    notBefore: 0,
  })

describe('Telegram delivery', () => {
  it('sends in the language of the link, to the chat the vault holds, with the key as reference', async () => {
    const r = records()
    r.grant('ve_phone', ['sms', 'telegram'], 0)
    r.link('ve_phone', 've_chat', 'ru', 0)
    r.addIntents([lapsed(1, 'telegram'), lapsed(1, 'sms')], 1, 0)
    const telegram = new RecordingTelegram()
    const sms = new RecordingSms()
    const worker = delivery(r, telegram, sms)
    worker.start()
    await expect.poll(() => telegram.sent.length + sms.sent.length, WAIT).toBe(2)
    await worker.stop()
    expect(telegram.sent).toEqual([
      {
        chatId: '987654321',
        text: 'Срок талона A012 истёк. Если нужно, встаньте в очередь снова.',
        reference: '1:lapsed:telegram',
      },
    ])
    expect(sms.sent[0]).toMatchObject({ to: '+77012345678', reference: '1:lapsed:sms' })
  })

  it('skips a chat no longer linked, and fails saying so when no bot runs', async () => {
    const r = records()
    r.grant('ve_phone', ['telegram'], 0)
    r.addIntents([lapsed(1, 'telegram')], 1, 0)
    const worker = delivery(r, new RecordingTelegram())
    worker.start()
    await expect.poll(() => r.get('1:lapsed:telegram')?.reason, WAIT).toBe('no-recipient')
    await worker.stop()

    r.link('ve_phone', 've_chat', 'kk', 0)
    r.addIntents([lapsed(2, 'telegram')], 2, 0)
    const botless = delivery(r)
    botless.start()
    await expect.poll(() => r.get('2:lapsed:telegram')?.status, WAIT).toBe('failed')
    await botless.stop()
    expect(r.get('2:lapsed:telegram')?.error).toBe('no Telegram bot is configured')
  })
})

describe('the message in flight when the hub dies', () => {
  it('is sent again at the next start: Telegram may show it twice, and its row says so', async () => {
    const r = records()
    r.grant('ve_phone', ['sms', 'telegram'], 0)
    r.link('ve_phone', 've_chat', 'en', 0)
    r.addIntents([lapsed(1, 'telegram')], 1, 0)
    const telegram = new RecordingTelegram()
    telegram.hang = true
    const dying = delivery(r, telegram)
    dying.start()
    await expect.poll(() => telegram.sent.length, WAIT).toBe(1)
    // What a kill -9 leaves: the attempt recorded, its outcome unknown.
    await dying.stop()
    expect(r.get('1:lapsed:telegram')).toMatchObject({ status: 'sending', attempts: 1 })

    telegram.hang = false
    const restarted = delivery(r, telegram)
    restarted.start()
    await expect.poll(() => r.get('1:lapsed:telegram')?.status, WAIT).toBe('sent')
    await restarted.stop()
    expect(telegram.sent.map((m) => m.reference)).toEqual(['1:lapsed:telegram', '1:lapsed:telegram'])
    expect(r.get('1:lapsed:telegram')).toMatchObject({ attempts: 2, reason: 'resent-after-restart' })
  })

  it('goes again as an SMS under the same reference, which the gateway counts once', async () => {
    const r = records()
    r.grant('ve_phone', ['sms'], 0)
    r.addIntents([lapsed(1, 'sms')], 1, 0)
    const hanging = new RecordingSms()
    let tried = 0
    hanging.behave = () => {
      tried++
      return new Promise(() => undefined)
    }
    const dying = delivery(r, undefined, hanging)
    dying.start()
    await expect.poll(() => tried, WAIT).toBe(1)
    await dying.stop()
    const sms = new RecordingSms()
    const restarted = delivery(r, undefined, sms)
    restarted.start()
    await expect.poll(() => r.get('1:lapsed:sms')?.status, WAIT).toBe('sent')
    await restarted.stop()
    expect(sms.sent.map((m) => m.reference)).toEqual(['1:lapsed:sms'])
    expect(r.get('1:lapsed:sms')).toMatchObject({ attempts: 2, reason: null })
  })
})

describe('staleness at delivery', () => {
  it('skips a "called" whose ticket is no longer called when it comes due', async () => {
    const r = records()
    r.grant('ve_phone', ['sms'], 0)
    r.addIntents([intent(1, { notBefore: 0 })], 1, 0)
    const sms = new RecordingSms()
    const worker = delivery(r, undefined, sms)
    worker.start()
    await expect.poll(() => r.get('1:called:sms')?.reason, WAIT).toBe('stale')
    await worker.stop()
    expect(sms.sent).toEqual([])
  })
})

describe('a row that cannot be prepared', () => {
  it('is tried again later like a failed send and ends as failed, without spinning', async () => {
    const r = records()
    r.grant('ve_unknown_kind', ['sms'], 0)
    r.addIntents([lapsed(1, 'sms', 've_unknown_kind')], 1, 0)
    const worker = delivery(r)
    worker.start()
    await expect.poll(() => r.get('1:lapsed:sms')?.status, WAIT).toBe('failed')
    await worker.stop()
    expect(r.get('1:lapsed:sms')).toMatchObject({
      attempts: 2,
      error: expect.stringContaining('does not know'),
    })
  })
})
