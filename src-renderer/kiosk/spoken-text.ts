/**
 * What the kiosk's read-aloud says of the page: the words a sighted citizen reads, taken from the DOM so
 * the screens keep one copy of them. A screen marks what it says on arrival with `data-read` (its `h1`
 * is said in any case); a focused control says its name.
 */

/** The focusable controls in reach of the arrow keys, in the page's order. */
export const CHOICES =
  'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** The visible text of `element` in pieces (one per text node), without what is hidden from readers. */
export function textSegments(element: Element): string[] {
  const label = element.getAttribute('aria-label')
  if (label) return [label]
  const segments: string[] = []
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim()
      if (text) segments.push(text)
      return
    }
    if (!(node instanceof Element)) return
    if (node.getAttribute('aria-hidden') === 'true' || node.tagName === 'SVG' || node.tagName === 'svg')
      return
    node.childNodes.forEach(walk)
  }
  walk(element)
  return segments
}

/** The open dialog, if any: what the keys and the summary are about then. */
export function openDialog(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>('[role="dialog"], [role="alertdialog"]')
}

/** A dialog's title and description, as `aria-labelledby` / `aria-describedby` name them. */
export function dialogSegments(dialog: Element): string[] {
  const ids = [dialog.getAttribute('aria-labelledby'), dialog.getAttribute('aria-describedby')]
  return ids
    .flatMap((id) => (id ? (id.split(/\s+/).map((one) => document.getElementById(one)) ?? []) : []))
    .flatMap((element) => (element ? textSegments(element) : []))
}

/** What a screen says on arrival: its `h1` and what it marks `data-read`, in the page's order. */
export function screenSegments(main: Element): string[] {
  return [...main.querySelectorAll('h1, [data-read]')].flatMap((element) => textSegments(element))
}

/** The controls the arrow keys move between: the dialog's while one is open, else the page's. */
export function choicesIn(scope: ParentNode): HTMLElement[] {
  return [...scope.querySelectorAll<HTMLElement>(CHOICES)].filter(
    (element) => element.getClientRects().length > 0 && !element.closest('[aria-hidden="true"]'),
  )
}

/** The next (or previous) choice after `current`, wrapping round; the first (or last) without one. */
export function nextChoice(
  choices: readonly HTMLElement[],
  current: Element | null,
  step: 1 | -1,
): HTMLElement | null {
  if (choices.length === 0) return null
  const at = current ? choices.indexOf(current as HTMLElement) : -1
  if (at < 0) return step === 1 ? choices[0]! : choices[choices.length - 1]!
  return choices[(at + step + choices.length) % choices.length]!
}
