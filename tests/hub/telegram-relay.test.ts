/**
 * The relay that hands the hub's Telegram notifications to a bot in its own process: nothing waits on a
 * bot that is not there, a message goes to the one that asks and settles with its report, one handed
 * out and never reported is handed out again after its lease, and closing fails what is left.
 */
import { describe, expect, it } from 'vitest'
import { TelegramRelay } from '../../src-main/hub/telegram/relay'
import type { VaultEntries } from '../../src-main/hub/vault'

/** Vault entries that know one chat, `ve_chat` → 424242. */
const entries = {
  open: async (id: string) => (id === 've_chat' ? { kind: 'telegram-chat', value: '424242' } : undefined),
} as unknown as VaultEntries

function relay(clock = { now: 1_000_000 }) {
  return {
    clock,
    relay: new TelegramRelay({
      entries,
      now: () => clock.now,
      idleMs: 10_000,
      leaseMs: 5_000,
      timeoutMs: 60_000,
    }),
  }
}

describe('the relay to a bot in its own process', () => {
  it('fails at once while no bot process asks', async () => {
    const { relay: r } = relay()
    expect(r.connected).toBe(false)
    await expect(r.send('424242', 'hello', 'n:1')).rejects.toThrow('no Telegram bot process is connected')
  })

  it('hands a message to the bot that asks, and settles with its report', async () => {
    const { relay: r } = relay()
    const asking = r.take(30_000)
    expect(r.connected).toBe(true)
    let settled: string | null = null
    const sent = r.send('ve_chat', 'Талон A001: пройдите к окну 3.', 'n:2').then(
      () => (settled = 'sent'),
      (error: Error) => (settled = error.message),
    )
    const [message] = await asking
    expect(message).toMatchObject({ chatId: '424242', text: 'Талон A001: пройдите к окну 3.' })
    expect(settled).toBeNull()
    expect(r.report(message!.id, { sent: true })).toBe(true)
    await sent
    expect(settled).toBe('sent')
    // Reported once: a second report finds nothing waiting.
    expect(r.report(message!.id, { sent: true })).toBe(false)
  })

  it("passes Telegram's refusal on for the outbox to record", async () => {
    const { relay: r } = relay()
    await r.take(0)
    const sent = r.send('424242', 'x', 'n:3')
    const [message] = await r.take(30_000)
    r.report(message!.id, { sent: false, reason: '403 Forbidden: bot was blocked by the user' })
    await expect(sent).rejects.toThrow('Telegram refused it: 403 Forbidden: bot was blocked by the user')
  })

  it('hands a message out again when its lease ends unreported, and never twice within it', async () => {
    const { relay: r, clock } = relay()
    await r.take(0)
    void r.send('424242', 'again', 'n:4').catch(() => undefined)
    const first = await r.take(30_000)
    expect(first).toHaveLength(1)
    expect(await r.take(0)).toEqual([])
    clock.now += 5_000
    expect((await r.take(0)).map((m) => m.id)).toEqual([first[0]!.id])
    r.close()
  })

  it('names a chat entry that is no chat, and fails what is left on close', async () => {
    const { relay: r } = relay()
    await r.take(0)
    await expect(r.send('ve_other', 'x', 'n:5')).rejects.toThrow('vault entry ve_other is no Telegram chat')
    const left = r.send('424242', 'x', 'n:6')
    r.close()
    await expect(left).rejects.toThrow('the hub is closing')
    expect(await r.take(30_000)).toEqual([])
  })
})
