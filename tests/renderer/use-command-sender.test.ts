import { describe, expect, it } from 'vitest'
import { useCommandSender } from '../../src-renderer/composables/use-command-sender'

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } }

const OK: Ack = { ok: true }
const OFFLINE: Ack = { ok: false, error: { code: 'offline', message: 'no answer' } }

/** A hub that answers only when the test says so, recording the request id of every send. */
function manualHub() {
  const sent: string[] = []
  const answers: Array<(ack: Ack) => void> = []
  return {
    sent,
    emit(requestId: string): Promise<Ack> {
      sent.push(requestId)
      return new Promise((resolve) => answers.push(resolve))
    },
    answer(ack: Ack) {
      const next = answers.shift()
      if (!next) throw new Error('nothing is waiting for an answer')
      next(ack)
    },
  }
}

describe('command sender', () => {
  it('sends one action at a time: a second tap while one is pending sends nothing', async () => {
    const hub = manualHub()
    const sender = useCommandSender<'call-next' | 'pause'>()
    const first = sender.send('call-next', hub.emit)
    expect(sender.pending.value).toBe('call-next')
    expect(await sender.send('call-next', hub.emit)).toBeNull()
    expect(await sender.send('pause', hub.emit)).toBeNull()
    expect(hub.sent).toHaveLength(1)

    hub.answer(OK)
    expect(await first).toEqual(OK)
    expect(sender.pending.value).toBeNull()
    const second = sender.send('pause', hub.emit)
    expect(hub.sent).toHaveLength(2)
    hub.answer(OK)
    await second
  })

  it('gives every new action a new request id in the form the hub accepts', async () => {
    const hub = manualHub()
    const sender = useCommandSender<'issue'>()
    const a = sender.send('issue', hub.emit)
    hub.answer(OK)
    await a
    const b = sender.send('issue', hub.emit)
    hub.answer(OK)
    await b
    expect(hub.sent[0]).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(hub.sent[1]).not.toBe(hub.sent[0])
  })

  it('"try again" after no answer sends the same request id, and forgets it once acknowledged', async () => {
    const hub = manualHub()
    const sender = useCommandSender<'issue', Ack>()
    const first = sender.send('issue', hub.emit)
    hub.answer(OFFLINE)
    expect(await first).toEqual(OFFLINE)
    expect(sender.unanswered.value?.requestId).toBe(hub.sent[0])

    const again = sender.retry()
    expect(sender.pending.value).toBe('issue')
    hub.answer(OK)
    expect(await again).toEqual(OK)
    expect(hub.sent).toEqual([hub.sent[0], hub.sent[0]])
    expect(sender.unanswered.value).toBeNull()
    expect(await sender.retry()).toBeNull()
    expect(hub.sent).toHaveLength(2)
  })

  it('keeps the request id of a refused action for "try again" too', async () => {
    const hub = manualHub()
    const sender = useCommandSender<'issue', Ack>()
    const first = sender.send('issue', hub.emit)
    hub.answer({ ok: false, error: { code: 'storage_failed', message: 'not stored' } })
    await first
    const again = sender.retry()
    hub.answer(OK)
    await again
    expect(hub.sent[1]).toBe(hub.sent[0])
  })

  it('after forget, drops the late answer and frees the sender for the next person', async () => {
    const hub = manualHub()
    const sender = useCommandSender<'issue', Ack>()
    const old = sender.send('issue', hub.emit)
    sender.forget()
    expect(sender.pending.value).toBeNull()
    expect(sender.unanswered.value).toBeNull()

    const next = sender.send('issue', hub.emit)
    expect(hub.sent).toHaveLength(2)
    expect(hub.sent[1]).not.toBe(hub.sent[0])
    hub.answer(OK)
    expect(await old).toBeNull()
    expect(sender.pending.value).toBe('issue')
    hub.answer(OFFLINE)
    expect(await next).toEqual(OFFLINE)
    expect(sender.unanswered.value?.requestId).toBe(hub.sent[1])
  })

  it('is free again when sending throws, and passes the error on', async () => {
    const sender = useCommandSender<'issue'>()
    await expect(sender.send('issue', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(sender.pending.value).toBeNull()
  })
})
