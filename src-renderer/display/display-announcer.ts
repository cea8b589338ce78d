/**
 * The hall display's announcement queue: a chime, then the call spoken in Kazakh and in Russian, one
 * call after another. Calls that come in a burst wait their turn, so none cuts another off and none is
 * lost; a recall is a call of its own and is announced again.
 *
 * The sound itself comes through two small ports (a chime and a voice), so the queue runs the same with
 * the browser's Web Audio and Web Speech, with fakes in tests, and with no voice at all (chime only).
 */
import type { SpeechPort } from '../base/speech'
import { callPhrase, SPEECH_LANGUAGES, type SpeechLanguage } from './display-phrase'

/** One call to announce. `at` is the hub's time of the call (epoch ms). */
export interface Announcement {
  /** Unique per call and recall: `<ticketId>@<at>`. */
  id: string
  number: string
  deskLabel: string
  recall: boolean
  at: number
}

/**
 * `queued` -> `playing` -> `done`; `skipped` when it waited so long (sound locked, a very long burst)
 * that saying it now would mislead more than help.
 */
export type AnnouncementState = 'queued' | 'playing' | 'done' | 'skipped'

export interface AnnouncementEntry extends Announcement {
  state: AnnouncementState
  /** The languages actually spoken (empty: chime only). */
  spoken: SpeechLanguage[]
}

export interface AnnouncerPorts {
  /** Plays the chime; resolves when it has faded. */
  chime(): Promise<void>
  /** Null where the browser has no Web Speech at all. The queue never cancels a sentence. */
  speech: SpeechPort | null
  /** The hub's clock (for how long an announcement has waited). */
  now(): number
}

export interface AnnouncerOptions {
  /** An announcement still waiting this long after its call is skipped (shown, not said). */
  staleAfterMs?: number
  /** Entries kept for the log. */
  keep?: number
  /** Called after every change of the entries. */
  onChange?: (entries: readonly AnnouncementEntry[]) => void
}

export const DEFAULT_STALE_AFTER_MS = 3 * 60_000
const DEFAULT_KEEP = 30

export class AnnouncementQueue {
  private readonly list: AnnouncementEntry[] = []
  private readonly ids = new Set<string>()
  private running: Promise<void> | null = null
  private paused: boolean
  private disposed = false
  private readonly staleAfterMs: number
  private readonly keep: number
  private readonly onChange: ((entries: readonly AnnouncementEntry[]) => void) | undefined

  constructor(
    private readonly ports: AnnouncerPorts,
    options: AnnouncerOptions & { paused?: boolean } = {},
  ) {
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS
    this.keep = options.keep ?? DEFAULT_KEEP
    this.onChange = options.onChange
    this.paused = options.paused ?? false
  }

  /** The log, oldest first. */
  get entries(): readonly AnnouncementEntry[] {
    return this.list
  }

  /** Adds a call to the end of the queue; the same call (same id) is never queued twice. */
  enqueue(announcement: Announcement): void {
    if (this.disposed || this.ids.has(announcement.id)) return
    this.ids.add(announcement.id)
    this.list.push({ ...announcement, state: 'queued', spoken: [] })
    this.trim()
    this.changed()
    this.kick()
  }

  /** While paused (sound locked by the browser) nothing plays; the queue waits. */
  setPaused(paused: boolean): void {
    this.paused = paused
    if (!paused) this.kick()
  }

  /** Resolves once nothing is playing or waiting to play (or the queue is paused). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  dispose(): void {
    this.disposed = true
  }

  private kick(): void {
    if (this.running || this.paused || this.disposed) return
    this.running = this.run().finally(() => {
      this.running = null
    })
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.paused || this.disposed) return
      const next = this.list.find((entry) => entry.state === 'queued')
      if (!next) return
      if (this.ports.now() - next.at > this.staleAfterMs) {
        next.state = 'skipped'
        this.changed()
        continue
      }
      next.state = 'playing'
      this.changed()
      await this.play(next)
      next.state = 'done'
      this.changed()
    }
  }

  private async play(entry: AnnouncementEntry): Promise<void> {
    try {
      await this.ports.chime()
    } catch {
      // No chime (audio device gone): the voice still says it.
    }
    const speech = this.ports.speech
    if (!speech) return
    for (const language of SPEECH_LANGUAGES) {
      if (this.disposed) return
      if (!speech.hasVoice(language)) continue
      try {
        await speech.speak(callPhrase(entry, language), language)
        entry.spoken.push(language)
      } catch {
        // A failed sentence is not retried: the next call must not wait behind it.
      }
    }
  }

  private trim(): void {
    // Only finished entries leave the log; one still waiting is never dropped.
    while (this.list.length > this.keep) {
      const index = this.list.findIndex((entry) => entry.state === 'done' || entry.state === 'skipped')
      if (index < 0) return
      const [removed] = this.list.splice(index, 1)
      this.ids.delete(removed!.id)
    }
  }

  private changed(): void {
    this.onChange?.(this.list)
  }
}

/** How far back a call may be and still be announced when it first reaches the display. */
export const ANNOUNCE_WITHIN_MS = 60_000

export interface CallLike {
  ticketId: string
  number: string
  deskLabel: string
  recall: boolean
  at: number
}

export function announcementId(call: Pick<CallLike, 'ticketId' | 'at'>): string {
  return `${call.ticketId}@${call.at}`
}

/**
 * Picks, from the calls the display knows (oldest first), those it has not seen before and that are recent
 * enough to say aloud, oldest first; marks every call as seen. After a reconnect the display shows all
 * the calls it missed but reads out only the last minute's, not the whole morning.
 */
export function callsToAnnounce(
  calls: readonly CallLike[],
  seen: Map<string, number>,
  now: number,
  withinMs: number = ANNOUNCE_WITHIN_MS,
): Announcement[] {
  const fresh: Announcement[] = []
  for (const call of calls) {
    const id = announcementId(call)
    if (seen.has(id)) continue
    seen.set(id, call.at)
    if (now - call.at <= withinMs) {
      fresh.push({ id, number: call.number, deskLabel: call.deskLabel, recall: call.recall, at: call.at })
    }
  }
  // Forget calls long gone, so a display that runs for weeks does not grow without bound.
  for (const [id, at] of seen) if (now - at > 24 * 60 * 60_000) seen.delete(id)
  // Stable: calls of one group commit share their `at` and keep the log's order.
  return fresh.sort((a, b) => a.at - b.at)
}
