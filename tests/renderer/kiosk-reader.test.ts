import { describe, expect, it } from 'vitest'
import type { Language } from '../../src-shared/config'
import { createBrowserSpeech, type SpeechPort } from '../../src-renderer/base/speech'
import { joinSentences, KioskReader, speakable } from '../../src-renderer/kiosk/kiosk-reader'
import { clipSequence, parseClipManifest, type ClipManifest } from '../../src-renderer/kiosk/speech-clips'

const KK_CLIPS: ClipManifest = {
  kk: {
    phrases: { 'Сіздің талоныңыз': 'kk/your-ticket.ogg', 'Алдыңыздағы адамдар': 'kk/ahead.ogg' },
    numbers: { '0': 'kk/n0.ogg', '1': 'kk/n1.ogg', '2': 'kk/n2.ogg', '7': 'kk/n7.ogg', '12': 'kk/n12.ogg' },
    letters: { A: 'kk/a.ogg' },
  },
}

describe('clipSequence', () => {
  it('says a ticket as its phrase, its letter and its number, and people ahead as a number', () => {
    expect(clipSequence(KK_CLIPS, 'kk', ['Сіздің талоныңыз', 'A007', 'Алдыңыздағы адамдар', '12'])).toEqual({
      clips: [
        '/speech/kk/your-ticket.ogg',
        '/speech/kk/a.ogg',
        '/speech/kk/n7.ogg',
        '/speech/kk/ahead.ogg',
        '/speech/kk/n12.ogg',
      ],
      missing: [],
    })
  })

  it('says a number with no clip of its own digit by digit, and names what has no recording', () => {
    expect(clipSequence(KK_CLIPS, 'kk', ['21', '  Сіздің   талоныңыз ', 'Талон алу', 'B001'])).toEqual({
      clips: ['/speech/kk/n2.ogg', '/speech/kk/n1.ogg', '/speech/kk/your-ticket.ogg'],
      missing: ['Талон алу', 'B001'],
    })
    expect(clipSequence(KK_CLIPS, 'ru', ['Сіздің талоныңыз'])).toEqual({
      clips: [],
      missing: ['Сіздің талоныңыз'],
    })
  })
})

describe('parseClipManifest', () => {
  it('takes the file the kiosk ships (no recordings) and names the field of a wrong one', () => {
    expect(parseClipManifest({})).toEqual({ ok: true, manifest: {} })
    expect(parseClipManifest({ kk: { numbers: { one: 'kk/1.ogg' } } })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('kk.numbers.one'),
    })
    expect(parseClipManifest({ kk: { phrases: { Сәлем: '' } } })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('kk.phrases.Сәлем'),
    })
  })
})

describe('speakable and joinSentences', () => {
  it('spells a ticket number for the voice and pauses between pieces', () => {
    expect(speakable('A007', 'kk')).toBe('а 7')
    expect(speakable('B012', 'ru')).toBe('бэ 12')
    expect(speakable('A007', 'en')).toBe('A 7')
    expect(speakable('Кезекте: 3', 'kk')).toBe('Кезекте: 3')
    expect(joinSentences(['Қош келдіңіз!', 'Қызмет түрін таңдаңыз', '0', 'Бітті.'])).toBe(
      'Қош келдіңіз! Қызмет түрін таңдаңыз. 0. Бітті.',
    )
  })
})

/** A voice that says nothing until told to finish; what it was asked to say, in order. */
function fakeVoice(languages: Language[]) {
  const said: string[] = []
  let finish: (() => void) | null = null
  const speech: SpeechPort = {
    hasVoice: (language) => languages.includes(language),
    speak: (text, language) => {
      said.push(`${language}: ${text}`)
      return new Promise<void>((resolve) => (finish = resolve))
    },
    cancel: () => finish?.(),
  }
  return { speech, said, end: () => finish?.() }
}

function fakeClips(manifest: ClipManifest | null) {
  const played: string[] = []
  return {
    played,
    ports: {
      playClip: async (url: string) => void played.push(url),
      stopClip: () => undefined,
      clips: () => manifest,
    },
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('KioskReader', () => {
  it('cuts off what it is saying when told something new, and says a queued piece only after the last', async () => {
    const voice = fakeVoice(['kk'])
    const reader = new KioskReader({ speech: voice.speech, ...fakeClips(null).ports })
    void reader.say(['Қош келдіңіз!', 'Қызмет түрін таңдаңыз'], 'kk')
    void reader.then(['Қазақша'], 'kk')
    await tick()
    expect(voice.said).toEqual(['kk: Қош келдіңіз! Қызмет түрін таңдаңыз'])
    voice.end()
    await tick()
    expect(voice.said.at(-1)).toBe('kk: Қазақша')

    // A new choice cuts the last one, and what was queued behind it is dropped.
    void reader.say(['Анықтамалар'], 'kk')
    void reader.then(['never'], 'kk')
    void reader.say(['Құжаттар'], 'kk')
    await tick()
    voice.end()
    await tick()
    expect(voice.said.slice(-2)).toEqual(['kk: Анықтамалар', 'kk: Құжаттар'])
  })

  it('plays clips where there is no voice, and picks a language that can be said where neither is', async () => {
    const voice = fakeVoice(['ru'])
    const clips = fakeClips(KK_CLIPS)
    const missing: string[][] = []
    const reader = new KioskReader({ speech: voice.speech, ...clips.ports }, (_, m) => missing.push(m))
    expect(reader.modeFor('kk')).toBe('clips')
    expect(reader.modeFor('ru')).toBe('voice')
    expect(reader.modeFor('en')).toBeNull()
    expect(reader.languageFor('en')).toBe('ru')

    await reader.say(['Сіздің талоныңыз', 'A001', 'Дайын'], 'kk')
    expect(clips.played).toEqual(['/speech/kk/your-ticket.ogg', '/speech/kk/a.ogg', '/speech/kk/n1.ogg'])
    expect(missing).toEqual([['Дайын']])
    expect(voice.said).toEqual([])

    const mute = new KioskReader({ speech: null, ...fakeClips(null).ports })
    expect(mute.languageFor('kk')).toBeNull()
  })
})

describe('createBrowserSpeech (the voice the display and the kiosk share)', () => {
  it('speaks English too, and cancel ends the sentence at once', async () => {
    const spoken: string[] = []
    let cancels = 0
    class Utterance {
      lang = ''
      voice: unknown = null
      rate = 1
      onend: (() => void) | null = null
      onerror: (() => void) | null = null
      constructor(readonly text: string) {}
    }
    const speech = createBrowserSpeech(
      {
        getVoices: () => [{ lang: 'en-US', name: 'en', localService: true }],
        speak: (u) => void spoken.push(`${u.lang}: ${u.text}`),
        cancel: () => void (cancels += 1),
      },
      Utterance as never,
    )
    expect(speech.hasVoice('en')).toBe(true)
    expect(speech.hasVoice('kk')).toBe(false)
    let done = false
    const saying = speech.speak('Take a ticket', 'en').then(() => (done = true))
    await tick()
    expect(spoken).toEqual(['en-US: Take a ticket'])
    expect(done).toBe(false)
    speech.cancel()
    await saying
    expect(done).toBe(true)
    expect(cancels).toBe(1)
  })
})
