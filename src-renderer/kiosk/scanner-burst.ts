/**
 * A barcode scanner on the kiosk is a keyboard: it types what the code holds, fast, then Enter. A person
 * types slowly. `ScannerBurst` tells the two apart from the keys' times alone, so a scan can be taken from
 * anywhere on the home screen without a field to type into.
 */

/** At least this many characters, each within `maxGapMs` of the one before (and Enter too), is a scan. */
export const SCANNER_BURST = { minLength: 6, maxGapMs: 100 } as const

/** The part of a `KeyboardEvent` the kiosk reads. */
export interface KeyPress {
  key: string
  code: string
}

/**
 * The character a key press typed, or null for a named key (Shift, Tab, arrows…). Letters and digits come
 * from the key's position (`KeyK` → `K`), not its label: a scanner sends US-layout positions, and the
 * kiosk's keyboard layout may be Kazakh or Russian, where the same key types a Cyrillic letter.
 */
export function typedChar(press: KeyPress): string | null {
  const letter = /^Key([A-Z])$/.exec(press.code)
  if (letter) return letter[1]!
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(press.code)
  if (digit) return digit[1]!
  return press.key.length === 1 ? press.key : null
}

/**
 * Reads key presses in order, with their times (ms): `char` for each character, `enter` at Enter (the
 * burst's text when it was a scan, else null), `interrupt` for any other key. Slow typing never reaches
 * `minLength` within the gaps, so it is never taken for a scan.
 */
export class ScannerBurst {
  #text = ''
  #last = Number.NEGATIVE_INFINITY
  readonly #options: { minLength: number; maxGapMs: number }

  constructor(options: { minLength: number; maxGapMs: number } = SCANNER_BURST) {
    this.#options = options
  }

  char(char: string, at: number): void {
    if (at - this.#last > this.#options.maxGapMs) this.#text = ''
    this.#text += char
    this.#last = at
  }

  enter(at: number): string | null {
    const text = this.#text
    const fast = at - this.#last <= this.#options.maxGapMs
    this.interrupt()
    return fast && text.length >= this.#options.minLength ? text : null
  }

  interrupt(): void {
    this.#text = ''
    this.#last = Number.NEGATIVE_INFINITY
  }
}
