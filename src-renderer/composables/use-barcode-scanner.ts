import { onBeforeUnmount, onMounted } from 'vue'
import { ScannerBurst, typedChar } from '../kiosk/scanner-burst'

/** Keys a scanner presses along with the characters (upper case): they neither type nor interrupt. */
const MODIFIERS = new Set(['Shift', 'CapsLock'])

export interface BarcodeScannerOptions {
  /** Whether a scan is taken now (the screens that accept one); otherwise keys pass by untouched. */
  enabled: () => boolean
  /** A scan: what the scanner typed before its Enter. */
  onScan: (text: string) => void
}

/**
 * Takes a barcode scanner's input anywhere on the page: a fast burst of characters ended by Enter
 * (`ScannerBurst`). It listens on the window before anything else, so the scan's Enter neither presses a
 * focused button nor reaches a screen's own keys; every other key passes on. Bound to the component.
 *
 * The key's `timeStamp` is when it was pressed: a busy page that handles keys late does not turn slow
 * typing into a burst.
 */
export function useBarcodeScanner(options: BarcodeScannerOptions): void {
  const burst = new ScannerBurst()

  function onKeydown(event: KeyboardEvent): void {
    if (!options.enabled()) {
      burst.interrupt()
      return
    }
    if (event.ctrlKey || event.altKey || event.metaKey) {
      burst.interrupt()
      return
    }
    if (event.key === 'Enter') {
      const scanned = burst.enter(event.timeStamp)
      if (scanned === null) return
      event.preventDefault()
      event.stopImmediatePropagation()
      options.onScan(scanned)
      return
    }
    if (MODIFIERS.has(event.key)) return
    const char = typedChar(event)
    if (char === null) burst.interrupt()
    else burst.char(char, event.timeStamp)
  }

  onMounted(() => window.addEventListener('keydown', onKeydown, { capture: true }))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, { capture: true }))
}
