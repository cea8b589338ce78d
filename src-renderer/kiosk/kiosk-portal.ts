import type { PortalBounds } from '../../src-shared/bridge'

/** The box of the portal placeholder in page pixels, where the kiosk shell puts its portal view. */
export function portalBoundsOf(element: Element | null): PortalBounds | null {
  if (!element) return null
  const box = element.getBoundingClientRect()
  return {
    x: Math.round(box.x),
    y: Math.round(box.y),
    width: Math.round(box.width),
    height: Math.round(box.height),
  }
}
