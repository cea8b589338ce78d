/**
 * Recorded clips for a language the kiosk's computer has no voice for (Kazakh often has none). A centre
 * puts its recordings under `speech/` beside the faces (`src-renderer/public/speech/` in the build) with
 * a manifest, `speech/manifest.json`, that names one clip per phrase, per number and per letter:
 *
 *   { "kk": { "phrases": { "Қош келдіңіз!": "kk/welcome.ogg", … },
 *             "numbers": { "0": "kk/n0.ogg", "1": "kk/n1.ogg", … },
 *             "letters": { "A": "kk/a.ogg", … } } }
 *
 * A phrase is keyed by its text as the kiosk shows it (the catalogue's words, a service's name), so the
 * screens need no second list of what they say. A number with no clip of its own is said digit by digit;
 * a ticket number (`A007`) is its letters, then its number (`7`).
 */
import { z } from 'zod'
import type { Language } from '../../src-shared/config'

export const CLIP_MANIFEST_URL = '/speech/manifest.json'

const clipSet = z.object({
  phrases: z.record(z.string(), z.string().min(1)).default({}),
  numbers: z.record(z.string().regex(/^\d+$/), z.string().min(1)).default({}),
  letters: z.record(z.string(), z.string().min(1)).default({}),
})
const manifestSchema = z.object({ kk: clipSet, ru: clipSet, en: clipSet }).partial()

/** The centre's recordings, per language; a language missing has none. */
export type ClipManifest = z.infer<typeof manifestSchema>
export type ClipSet = z.infer<typeof clipSet>

/** The manifest, or why it is not one (a message naming the field). */
export function parseClipManifest(
  value: unknown,
): { ok: true; manifest: ClipManifest } | { ok: false; problem: string } {
  const parsed = manifestSchema.safeParse(value)
  if (parsed.success) return { ok: true, manifest: parsed.data }
  const issue = parsed.error.issues[0]!
  return { ok: false, problem: `${issue.path.join('.') || 'manifest'}: ${issue.message}` }
}

/** Whether `language` has any recordings. */
export function hasClips(manifest: ClipManifest | null, language: Language): boolean {
  const set = manifest?.[language]
  return !!set && Object.keys(set.phrases).length + Object.keys(set.numbers).length > 0
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function numberClips(set: ClipSet, digits: string): string[] | null {
  const whole = String(Number.parseInt(digits, 10))
  if (set.numbers[whole]) return [set.numbers[whole]]
  const each = [...whole].map((digit) => set.numbers[digit])
  return each.every((clip) => clip !== undefined) ? (each as string[]) : null
}

/** The clips of one segment, or null when one of them is not recorded. */
function segmentClips(set: ClipSet, segment: string): string[] | null {
  const text = normalise(segment)
  const phrase = set.phrases[text]
  if (phrase) return [phrase]
  if (/^\d+$/.test(text)) return numberClips(set, text)
  const ticket = /^(\p{Lu}{1,2})(\d+)$/u.exec(text)
  if (ticket) {
    const letters = [...ticket[1]!].map((letter) => set.letters[letter])
    const number = numberClips(set, ticket[2]!)
    if (number && letters.every((clip) => clip !== undefined)) return [...(letters as string[]), ...number]
  }
  return null
}

/**
 * The clips that say `segments` in `language`, as addresses under the manifest's folder, in order; and
 * the segments with no recording (left out, so the rest is still said).
 */
export function clipSequence(
  manifest: ClipManifest,
  language: Language,
  segments: readonly string[],
  base: string = CLIP_MANIFEST_URL,
): { clips: string[]; missing: string[] } {
  const set = manifest[language]
  const clips: string[] = []
  const missing: string[] = []
  for (const segment of segments) {
    if (!normalise(segment)) continue
    const found = set ? segmentClips(set, segment) : null
    if (found) clips.push(...found.map((clip) => new URL(clip, new URL(base, 'http://kiosk/')).pathname))
    else missing.push(segment)
  }
  return { clips, missing }
}

/** Fetches the manifest; null when the centre has none (the hub answers the page, not JSON) or it is wrong. */
export async function loadClipManifest(
  fetcher: typeof fetch = fetch,
  url: string = CLIP_MANIFEST_URL,
): Promise<ClipManifest | null> {
  try {
    const response = await fetcher(url, { cache: 'no-cache' })
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return null
    const parsed = parseClipManifest(await response.json())
    if (parsed.ok) return parsed.manifest
    console.warn(`kiosk speech: ${url} is not a clip manifest (${parsed.problem}); clips are off`)
    return null
  } catch {
    return null
  }
}
