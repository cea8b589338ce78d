/**
 * The kiosk's read-aloud: what is said, in which language and how. A new thing to say cuts off the
 * last (the citizen has moved on), except that `then` waits its turn: a screen's summary, then the choice
 * that was focused meanwhile.
 *
 * How a language is said: by the computer's voice for it (`base/speech.ts`, the display's voice); where
 * there is none, by the centre's recorded clips (`speech-clips.ts`), played one after another; where
 * there are neither, not at all: `languageFor` then picks the best language that can be said, and the
 * kiosk says so.
 */
import type { Language } from '../../src-shared/config'
import type { SpeechPort } from '../base/speech'
import { spokenTicketNumber } from '../display/display-phrase'
import { clipSequence, hasClips, type ClipManifest } from './speech-clips'

export interface ReaderPorts {
  speech: SpeechPort | null
  /** Plays one clip; resolves when it has ended (or failed). */
  playClip(url: string): Promise<void>
  /** Stops the clip playing now; its `playClip` resolves. */
  stopClip(): void
  /** The centre's recordings, once loaded; null: none. */
  clips(): ClipManifest | null
}

export type ReadMode = 'voice' | 'clips'

/** The order in which languages stand in for one that cannot be said. */
const STAND_INS: readonly Language[] = ['ru', 'kk', 'en']

const TICKET_NUMBER = /^\p{Lu}{1,2}\d+$/u

/** A ticket number as a voice says it (`A007` → "а 7"); any other text as it is. */
export function speakable(segment: string, language: Language): string {
  const text = segment.replace(/\s+/g, ' ').trim()
  if (!TICKET_NUMBER.test(text)) return text
  if (language === 'en') return text.replace(/^(\D+)0*(\d)/, '$1 $2')
  return spokenTicketNumber(text, language)
}

/** Pieces as one text for a voice: a full stop between them (a pause), unless one ends a sentence. */
export function joinSentences(pieces: readonly string[]): string {
  return pieces
    .filter(Boolean)
    .map((piece, i, all) => (i === all.length - 1 || /[.!?:;…]$/.test(piece) ? piece : `${piece}.`))
    .join(' ')
}

export class KioskReader {
  /** Bumped by every `say`: a sentence of an older turn stops at the next step. */
  private turn = 0
  private chain: Promise<void> = Promise.resolve()

  constructor(
    private readonly ports: ReaderPorts,
    private readonly onMissing: (language: Language, segments: string[]) => void = () => undefined,
  ) {}

  /** How `language` can be said now, or null. */
  modeFor(language: Language): ReadMode | null {
    if (this.ports.speech?.hasVoice(language)) return 'voice'
    if (hasClips(this.ports.clips(), language)) return 'clips'
    return null
  }

  /** `wanted` if it can be said, else the first stand-in that can; null when nothing can be said. */
  languageFor(wanted: Language): Language | null {
    if (this.modeFor(wanted)) return wanted
    return STAND_INS.find((language) => this.modeFor(language) !== null) ?? null
  }

  /** Says `segments` in `language` at once, cutting off whatever was being said. */
  say(segments: readonly string[], language: Language): Promise<void> {
    this.stop()
    const turn = this.turn
    this.chain = this.speak(turn, segments, language)
    return this.chain
  }

  /** Says `segments` after what is being said now (unless another `say` comes first). */
  then(segments: readonly string[], language: Language): Promise<void> {
    const turn = this.turn
    this.chain = this.chain.then(() => this.speak(turn, segments, language))
    return this.chain
  }

  /** Silence, now. */
  stop(): void {
    this.turn += 1
    this.ports.speech?.cancel()
    this.ports.stopClip()
  }

  private async speak(turn: number, segments: readonly string[], language: Language): Promise<void> {
    if (turn !== this.turn) return
    const mode = this.modeFor(language)
    if (mode === 'voice') {
      const sentence = joinSentences(segments.map((segment) => speakable(segment, language)))
      if (sentence) await this.ports.speech!.speak(sentence, language)
      return
    }
    if (mode === 'clips') {
      const { clips, missing } = clipSequence(this.ports.clips()!, language, segments)
      if (missing.length > 0) this.onMissing(language, missing)
      for (const clip of clips) {
        if (turn !== this.turn) return
        await this.ports.playClip(clip)
      }
    }
  }
}

/** Clips through one `<audio>` element at a time (same origin: the faces' CSP allows it). */
export function createClipPlayer(): Pick<ReaderPorts, 'playClip' | 'stopClip'> {
  let current: { audio: HTMLAudioElement; done: () => void } | null = null
  return {
    playClip(url) {
      return new Promise<void>((resolve) => {
        const audio = new Audio(url)
        const done = () => {
          if (current?.audio === audio) current = null
          resolve()
        }
        current = { audio, done }
        audio.addEventListener('ended', done, { once: true })
        audio.addEventListener('error', done, { once: true })
        audio.play().catch(done)
      })
    },
    stopClip() {
      const playing = current
      current = null
      playing?.audio.pause()
      playing?.done()
    },
  }
}
