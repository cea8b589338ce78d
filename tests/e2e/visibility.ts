/**
 * Whether a person sees an element whole: inside the viewport, not cut off by a scrolling or clipping
 * box around it, and not covered by anything else at its centre or along its edges.
 */
import type { Locator } from 'playwright-core'

/**
 * What keeps the element from being fully seen, in words (e.g. "ends 14px below the viewport",
 * "covered by footer.desk-footer"), or `'visible'`.
 */
export function whyNotFullyVisible(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const describe = (node: Element) =>
      `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${[...node.classList].map((c) => `.${c}`).join('')}`
    const box = element.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) return 'has no size'
    const edges = (outer: { top: number; bottom: number; left: number; right: number }, name: string) => {
      const problems: string[] = []
      if (box.top < outer.top - 0.5)
        problems.push(`starts ${Math.round(outer.top - box.top)}px above ${name}`)
      if (box.bottom > outer.bottom + 0.5)
        problems.push(`ends ${Math.round(box.bottom - outer.bottom)}px below ${name}`)
      if (box.left < outer.left - 0.5)
        problems.push(`starts ${Math.round(outer.left - box.left)}px left of ${name}`)
      if (box.right > outer.right + 0.5)
        problems.push(`ends ${Math.round(box.right - outer.right)}px right of ${name}`)
      return problems
    }
    const problems = edges(
      { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth },
      'the viewport',
    )
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent)
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue
      problems.push(...edges(parent.getBoundingClientRect(), `the box ${describe(parent)}`))
    }
    if (problems.length === 0) {
      // The centre and the middle of each edge (2px in, clear of rounded corners) must show the element.
      const { left, right, top, bottom } = box
      const midX = (left + right) / 2
      const midY = (top + bottom) / 2
      const points: [string, number, number][] = [
        ['centre', midX, midY],
        ['top edge', midX, top + 2],
        ['bottom edge', midX, bottom - 2],
        ['left edge', left + 2, midY],
        ['right edge', right - 2, midY],
      ]
      for (const [where, x, y] of points) {
        const hit = document.elementFromPoint(x, y)
        if (hit && hit !== element && !element.contains(hit))
          problems.push(`${where} covered by ${describe(hit)}`)
      }
    }
    return problems.length ? problems.join('; ') : 'visible'
  })
}
