import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  AnnouncementQueue,
  callsToAnnounce,
  type Announcement,
  type AnnouncerPorts,
} from '../../src-renderer/display/display-announcer'
import { createBrowserSpeech, type SpeechSynthesisLike } from '../../src-renderer/base/speech'

/** What happened, in order, on one clock: chimes and utterances starting and ending. */
type Happening = { what: 'chime' | 'chime-end' | 'start' | 'end'; text?: string; lang?: string; t: number }

class FakeUtterance {
  lang = ''
  voice: unknown = null
  rate = 1
  onend: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(readonly text: string) {}
}

/**
 * speechSynthesis as a browser has it: one sentence at a time, `end` after a while. A `speak` while
 * another sentence is still being said is recorded, since that is what the queue must never do (a real
 * engine would queue or, after `cancel`, cut it off).
 */
class FakeSynth implements SpeechSynthesisLike {
  speaking: FakeUtterance | null = null
  overlaps = 0
  cancels = 0
  constructor(
    private readonly log: Happening[],
    private readonly voices: { lang: string; name: string; localService?: boolean }[],
    private readonly msPerSentence = 2_000,
  ) {}
  getVoices() {
    return this.voices
  }
  speak(utterance: SpeechSynthesisUtterance): void {
    const u = utterance as unknown as FakeUtterance
    if (this.speaking) this.overlaps += 1
    this.speaking = u
    this.log.push({ what: 'start', text: u.text, lang: u.lang, t: Date.now() })
    setTimeout(() => {
      this.speaking = null
      this.log.push({ what: 'end', text: u.text, t: Date.now() })
      u.onend?.()
    }, this.msPerSentence)
  }
  cancel(): void {
    this.cancels += 1
  }
}

const KK_RU = [
  { lang: 'kk-KZ', name: 'Kazakh', localService: true },
  { lang: 'ru-RU', name: 'Russian', localService: true },
  { lang: 'en-US', name: 'English', localService: true },
]

function setup(options: { voices?: typeof KK_RU | null; paused?: boolean } = {}) {
  const log: Happening[] = []
  const voices = options.voices === undefined ? KK_RU : options.voices
  const synth = voices ? new FakeSynth(log, voices) : null
  const ports: AnnouncerPorts = {
    chime: () => {
      log.push({ what: 'chime', t: Date.now() })
      return new Promise((resolve) =>
        setTimeout(() => {
          log.push({ what: 'chime-end', t: Date.now() })
          resolve()
        }, 1_500),
      )
    },
    speech: synth ? createBrowserSpeech(synth, FakeUtterance as never) : null,
    now: () => Date.now(),
  }
  const queue = new AnnouncementQueue(ports, { paused: options.paused ?? false })
  return { log, synth, queue }
}

function call(n: number, desk: string, extra: Partial<Announcement> = {}): Announcement {
  const number = `A${String(n).padStart(3, '0')}`
  const at = Date.now()
  return { id: `t${n}@${at}`, number, deskLabel: desk, recall: false, at, ...extra }
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2025, 2, 10, 5, 0, 0) })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('AnnouncementQueue', () => {
  it('announces a burst of five calls in order, each after the previous has ended, none cut off', async () => {
    const { log, synth, queue } = setup()
    for (let n = 1; n <= 5; n++) queue.enqueue(call(n, String(n)))
    await vi.runAllTimersAsync()
    await queue.idle()

    const starts = log.filter((h) => h.what === 'start')
    expect(starts.map((h) => h.text)).toEqual([
      'А 1 нөмірлі талон, 1-терезеге өтіңіз',
      'Талон а 1, пройдите к окну 1',
      'А 2 нөмірлі талон, 2-терезеге өтіңіз',
      'Талон а 2, пройдите к окну 2',
      'А 3 нөмірлі талон, 3-терезеге өтіңіз',
      'Талон а 3, пройдите к окну 3',
      'А 4 нөмірлі талон, 4-терезеге өтіңіз',
      'Талон а 4, пройдите к окну 4',
      'А 5 нөмірлі талон, 5-терезеге өтіңіз',
      'Талон а 5, пройдите к окну 5',
    ])
    expect(starts.map((h) => h.lang)).toEqual(Array(5).fill(['kk-KZ', 'ru-RU']).flat())
    // Every sound starts only after the one before it has ended: chime, kk, ru, chime, kk, ru...
    const sequence = log.map((h) => h.what)
    expect(sequence).toEqual(Array(5).fill(['chime', 'chime-end', 'start', 'end', 'start', 'end']).flat())
    for (let i = 1; i < log.length; i++) expect(log[i]!.t).toBeGreaterThanOrEqual(log[i - 1]!.t)
    expect(synth!.overlaps).toBe(0)
    expect(synth!.cancels).toBe(0)
    expect(queue.entries.map((e) => [e.number, e.state, e.spoken])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [`A00${n}`, 'done', ['kk', 'ru']]),
    )
  })

  it('keeps a call that arrives mid-announcement until the current one has finished', async () => {
    const { log, synth, queue } = setup()
    queue.enqueue(call(1, '1'))
    await vi.advanceTimersByTimeAsync(2_000) // chime done, Kazakh sentence under way
    expect(synth!.speaking?.text).toContain('1-терезеге')
    queue.enqueue(call(2, '2'))
    await vi.runAllTimersAsync()
    expect(synth!.overlaps).toBe(0)
    expect(log.filter((h) => h.what === 'end').map((h) => h.text)).toEqual([
      'А 1 нөмірлі талон, 1-терезеге өтіңіз',
      'Талон а 1, пройдите к окну 1',
      'А 2 нөмірлі талон, 2-терезеге өтіңіз',
      'Талон а 2, пройдите к окну 2',
    ])
  })

  it('announces a recall again, and never the same call twice', async () => {
    const { log, queue } = setup()
    const first = call(7, '3')
    queue.enqueue(first)
    queue.enqueue(first)
    await vi.runAllTimersAsync()
    queue.enqueue(call(7, '3', { recall: true }))
    await vi.runAllTimersAsync()
    expect(log.filter((h) => h.what === 'chime')).toHaveLength(2)
    expect(log.filter((h) => h.what === 'start' && h.lang === 'ru-RU').map((h) => h.text)).toEqual([
      'Талон а 7, пройдите к окну 3',
      'Талон а 7, пройдите к окну 3',
    ])
    expect(queue.entries.map((e) => e.recall)).toEqual([false, true])
  })

  it('plays the chime alone where the browser has no speech at all', async () => {
    const { log, queue } = setup({ voices: null })
    for (let n = 1; n <= 3; n++) queue.enqueue(call(n, '1'))
    await vi.runAllTimersAsync()
    expect(log.map((h) => h.what)).toEqual(Array(3).fill(['chime', 'chime-end']).flat())
    expect(queue.entries.every((e) => e.state === 'done' && e.spoken.length === 0)).toBe(true)
  })

  it('plays the chime alone when no Kazakh or Russian voice is installed', async () => {
    const { log, synth, queue } = setup({ voices: [{ lang: 'en-US', name: 'English', localService: true }] })
    queue.enqueue(call(1, '1'))
    await vi.runAllTimersAsync()
    expect(log.map((h) => h.what)).toEqual(['chime', 'chime-end'])
    expect(synth!.speaking).toBeNull()
    expect(queue.entries[0]).toMatchObject({ state: 'done', spoken: [] })
  })

  it('speaks only the language it has a voice for', async () => {
    const { log, queue } = setup({ voices: [{ lang: 'ru_RU', name: 'Russian', localService: true }] })
    queue.enqueue(call(1, '4'))
    await vi.runAllTimersAsync()
    expect(log.filter((h) => h.what === 'start').map((h) => h.text)).toEqual(['Талон а 1, пройдите к окну 4'])
    expect(queue.entries[0]!.spoken).toEqual(['ru'])
  })

  it('gives up on a sentence whose end never comes, so the queue does not stall', async () => {
    const log: Happening[] = []
    const mute: SpeechSynthesisLike = { getVoices: () => KK_RU, speak: () => undefined, cancel: vi.fn() }
    const queue = new AnnouncementQueue({
      chime: async () => void log.push({ what: 'chime', t: Date.now() }),
      speech: createBrowserSpeech(mute, FakeUtterance as never),
      now: () => Date.now(),
    })
    queue.enqueue(call(1, '1'))
    queue.enqueue(call(2, '2'))
    await vi.runAllTimersAsync()
    expect(queue.entries.map((e) => e.state)).toEqual(['done', 'done'])
    expect(mute.cancel).toHaveBeenCalledTimes(4)
  })

  it('waits while sound is locked, then plays what is still fresh and skips what has gone stale', async () => {
    const { log, queue } = setup({ paused: true })
    queue.enqueue(call(1, '1'))
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(log).toEqual([])
    queue.enqueue(call(2, '2'))
    queue.setPaused(false)
    await vi.runAllTimersAsync()
    expect(queue.entries.map((e) => [e.number, e.state])).toEqual([
      ['A001', 'skipped'],
      ['A002', 'done'],
    ])
    expect(log.filter((h) => h.what === 'chime')).toHaveLength(1)
  })
})

describe('callsToAnnounce', () => {
  const NOW = Date.UTC(2025, 2, 10, 5, 0, 0)
  const at = (secondsAgo: number) => NOW - secondsAgo * 1000
  const calls = [
    { ticketId: 't1', number: 'A001', deskLabel: '1', recall: false, at: at(3600) },
    { ticketId: 't2', number: 'A002', deskLabel: '2', recall: false, at: at(90) },
    { ticketId: 't3', number: 'A003', deskLabel: '1', recall: false, at: at(30) },
    { ticketId: 't3', number: 'A003', deskLabel: '1', recall: true, at: at(5) },
  ]

  it('after a catch-up, announces only the last minute of calls, oldest first, and marks all as seen', () => {
    const seen = new Map<string, number>()
    const fresh = callsToAnnounce(calls, seen, NOW)
    expect(fresh.map((a) => [a.number, a.recall])).toEqual([
      ['A003', false],
      ['A003', true],
    ])
    expect(seen.size).toBe(4)
    expect(callsToAnnounce(calls, seen, NOW + 1000)).toEqual([])
  })

  it('announces a call it has not seen yet, keeping the order of calls made in the same millisecond', () => {
    const seen = new Map<string, number>()
    callsToAnnounce(calls, seen, NOW)
    const burst = [
      { ticketId: 't4', number: 'B001', deskLabel: '3', recall: false, at: NOW },
      { ticketId: 't5', number: 'B002', deskLabel: '4', recall: false, at: NOW },
      { ticketId: 't6', number: 'B003', deskLabel: '5', recall: false, at: NOW },
    ]
    expect(callsToAnnounce([...calls, ...burst], seen, NOW).map((a) => a.number)).toEqual([
      'B001',
      'B002',
      'B003',
    ])
  })
})
