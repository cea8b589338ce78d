/**
 * The notifications' storage contract, run against both stores (tests/hub/notify-records.test.ts): the
 * outbox made once per key with its cursor, due rows per channel, the statuses, pruning, consents per
 * channel and Telegram links.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { NotifyIntent } from '../../src-shared/notifications'
import type { NotifyRecords } from '../../src-main/hub/notify/notify-records'

export interface NotifyRecordsFixture {
  records: NotifyRecords
  close(): Promise<void>
}

const T0 = Date.UTC(2026, 11, 7, 4, 0)
const MINUTE = 60_000

export function intent(seq: number, overrides: Partial<NotifyIntent> = {}): NotifyIntent {
  const channel = overrides.channel ?? 'sms'
  return {
    key: `${seq}:called:${channel}`,
    kind: 'called',
    channel,
    phoneId: 've_phone',
    subjectId: `t${seq}`,
    params: { number: `A${seq}`, window: '3' },
    notBefore: T0 + seq,
    seq,
    ...overrides,
  }
}

export function notifyRecordsContract(open: () => Promise<NotifyRecordsFixture>): void {
  const ctx = {} as NotifyRecordsFixture
  beforeEach(async () => {
    Object.assign(ctx, await open())
  })
  afterEach(async () => {
    await ctx.close()
  })

  it('makes each key once, and moves the cursor with the rows, never back', async () => {
    const { records } = ctx
    expect(await records.cursor()).toBeNull()
    await records.addIntents([intent(1), intent(2)], 2, T0)
    // A replay after a crash: the same keys again, nothing new.
    await records.addIntents([intent(1, { params: { number: 'changed' } }), intent(2)], 2, T0 + MINUTE)
    await records.addIntents([], 1, T0)
    expect(await records.cursor()).toBe(2)
    const row = await records.get('1:called:sms')
    expect(row).toEqual({
      key: '1:called:sms',
      kind: 'called',
      channel: 'sms',
      phoneId: 've_phone',
      subjectId: 't1',
      params: { number: 'A1', window: '3' },
      seq: 1,
      status: 'pending',
      attempts: 0,
      notBefore: T0 + 1,
      reason: null,
      error: null,
      createdAt: T0,
      updatedAt: T0,
      sentAt: null,
    })
    expect((await records.recent(10)).map((r) => r.key)).toEqual(['2:called:sms', '1:called:sms'])
  })

  it('gives the due rows of one channel, soonest first, and when the next is due', async () => {
    const { records } = ctx
    await records.addIntents(
      [intent(3), intent(1), intent(2, { channel: 'telegram' }), intent(4, { notBefore: T0 + 10 * MINUTE })],
      4,
      T0,
    )
    expect((await records.due('sms', T0 + MINUTE, 10)).map((r) => r.key)).toEqual([
      '1:called:sms',
      '3:called:sms',
    ])
    expect((await records.due('sms', T0 + MINUTE, 1)).map((r) => r.key)).toEqual(['1:called:sms'])
    expect((await records.due('telegram', T0 + MINUTE, 10)).map((r) => r.key)).toEqual(['2:called:telegram'])
    expect(await records.nextDueAt('sms')).toBe(T0 + 1)
    await records.markSent('1:called:sms', T0 + 2)
    await records.markSkipped('3:called:sms', 'stale', T0 + 2)
    expect(await records.nextDueAt('sms')).toBe(T0 + 10 * MINUTE)
    expect(await records.due('sms', T0 + MINUTE, 10)).toEqual([])
  })

  it('keeps what each attempt did: sending, retry with its error, sent, failed, skipped with why', async () => {
    const { records } = ctx
    await records.addIntents([intent(1), intent(2), intent(3)], 3, T0)
    await records.markSending('1:called:sms', T0 + 1, null)
    // A row left sending (a restart) is still due: its outcome is unknown.
    expect((await records.due('sms', T0 + 1, 10)).map((r) => r.key)).toContain('1:called:sms')
    await records.markRetry('1:called:sms', T0 + MINUTE, 'the gateway answered HTTP 503', T0 + 2)
    expect(await records.get('1:called:sms')).toMatchObject({
      status: 'pending',
      attempts: 1,
      notBefore: T0 + MINUTE,
      error: 'the gateway answered HTTP 503',
    })
    await records.markSending('1:called:sms', T0 + MINUTE, 'resent-after-restart')
    await records.markSending('1:called:sms', T0 + MINUTE, null)
    await records.markSent('1:called:sms', T0 + MINUTE + 5)
    expect(await records.get('1:called:sms')).toMatchObject({
      status: 'sent',
      attempts: 3,
      error: null,
      reason: 'resent-after-restart',
      sentAt: T0 + MINUTE + 5,
    })
    await records.markFailed('2:called:sms', 'the gateway answered HTTP 400', T0 + 3)
    await records.markSkipped('3:called:sms', 'no-consent', T0 + 3)
    expect(await records.get('2:called:sms')).toMatchObject({
      status: 'failed',
      error: 'the gateway answered HTTP 400',
    })
    expect(await records.get('3:called:sms')).toMatchObject({ status: 'skipped', reason: 'no-consent' })
  })

  it('prunes done rows made before a time, never one still to send', async () => {
    const { records } = ctx
    await records.addIntents([intent(1), intent(2)], 2, T0)
    await records.addIntents([intent(3)], 3, T0 + 2 * MINUTE)
    await records.markSent('1:called:sms', T0 + 1)
    await records.markSent('3:called:sms', T0 + 1)
    expect(await records.prune(T0 + MINUTE)).toBe(1)
    expect((await records.recent(10)).map((r) => r.key).sort()).toEqual(['2:called:sms', '3:called:sms'])
  })

  it('keeps consent per phone and channel: granted once (first time kept), withdrawn, granted again', async () => {
    const { records } = ctx
    expect(await records.channelsOf('ve_a')).toEqual([])
    await records.grant('ve_a', ['telegram', 'sms'], T0)
    await records.grant('ve_a', ['sms'], T0 + MINUTE)
    await records.grant('ve_b', ['sms'], T0)
    expect(await records.channelsOf('ve_a')).toEqual(['sms', 'telegram'])
    await records.revoke('ve_a', ['sms'], T0 + 2 * MINUTE)
    expect(await records.channelsOf('ve_a')).toEqual(['telegram'])
    expect(await records.channelsOf('ve_b')).toEqual(['sms'])
    await records.grant('ve_a', ['sms'], T0 + 3 * MINUTE)
    expect(await records.channelsOf('ve_a')).toEqual(['sms', 'telegram'])
  })

  it('links one chat per phone and one phone per chat, in the chat’s language', async () => {
    const { records } = ctx
    await records.link('ve_a', 've_chat1', 'kk', T0)
    expect(await records.chatOf('ve_a')).toEqual({ chatEntryId: 've_chat1', language: 'kk' })
    expect(await records.phoneOf('ve_chat1')).toBe('ve_a')
    // A new chat for the phone replaces the old.
    await records.link('ve_a', 've_chat2', 'ru', T0 + 1)
    expect(await records.chatOf('ve_a')).toEqual({ chatEntryId: 've_chat2', language: 'ru' })
    expect(await records.phoneOf('ve_chat1')).toBeUndefined()
    // The chat linked to another phone leaves the first.
    await records.link('ve_b', 've_chat2', 'en', T0 + 2)
    expect(await records.chatOf('ve_a')).toBeUndefined()
    expect(await records.phoneOf('ve_chat2')).toBe('ve_b')
    await records.unlink('ve_b')
    expect(await records.chatOf('ve_b')).toBeUndefined()
  })

  it('names the entries a consent, a link or a notification still to send needs', async () => {
    const { records } = ctx
    await records.grant('ve_consented', ['sms'], T0)
    await records.grant('ve_withdrawn', ['sms'], T0)
    await records.revoke('ve_withdrawn', ['sms'], T0)
    await records.link('ve_linked', 've_chat', 'kk', T0)
    await records.addIntents([intent(1, { phoneId: 've_pending' }), intent(2, { phoneId: 've_sent' })], 2, T0)
    await records.markSent('2:called:sms', T0)
    expect((await records.entriesInUse()).sort()).toEqual([
      've_chat',
      've_consented',
      've_linked',
      've_pending',
    ])
  })
}
