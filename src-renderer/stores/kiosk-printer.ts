import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { KezekBridge, PrintResult, ShellPrinterState } from '../../src-shared/bridge'
import type { PrinterState } from '../../src-shared/domain'
import { sendCommand } from '../hub/hub-client'
import { useCentreStore } from './centre'
import { useConnectionStore } from './connection'

/**
 * The kiosk's ticket printer: what the shell reads from CUPS (`window.kezek.onPrinterState`, at start,
 * every 30 s, after each print) and what the last print said. The hub hears of it (`device:report`,
 * for the supervisor's alerts) whenever that differs from what it holds for this kiosk: a change, or a
 * hub that (re)connected holding an older state; never on every read.
 */
export const useKioskPrinterStore = defineStore('kiosk-printer', () => {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  /** What CUPS says, as the shell last read it; `unknown` in a browser or a shell that cannot tell. */
  const watched = ref<ShellPrinterState>('unknown')
  /** What the kiosk knows now: the shell's reading or the last print's result, whichever came last. */
  const state = ref<ShellPrinterState>('unknown')
  /** A report on its way (its ack not back yet), so that a burst of changes sends each state once. */
  const sending = ref<PrinterState | null>(null)

  /** What the hub holds for this kiosk; a kiosk it holds nothing for is `ok`. */
  const held = computed<PrinterState>(() => {
    const id = centre.you?.id
    return (id ? centre.state.devices?.[id]?.printer : undefined) ?? 'ok'
  })
  /**
   * No ticket is printed now: the printer CUPS watches is out of paper, stopped or jammed. A job sent
   * to it would come out later, for nobody; the screen is the citizen's ticket instead.
   */
  const cannotPrint = computed<Exclude<PrinterState, 'ok'> | null>(() =>
    watched.value === 'ok' || watched.value === 'unknown' ? null : watched.value,
  )

  function fromShell(next: ShellPrinterState): void {
    watched.value = next
    state.value = next
  }

  /** A print's outcome: the printer's state in it, else a failure is `error` and a success `ok`. */
  function fromPrint(result: PrintResult | null): void {
    state.value = result?.printer ?? (result?.ok ? 'ok' : 'error')
  }

  let unsubscribe: (() => void) | null = null
  /** Listens to the shell (once; a browser or an older shell has nothing to listen to). */
  function bind(bridge: KezekBridge | undefined = window.kezek): void {
    if (unsubscribe || !bridge?.onPrinterState || !bridge.printerState) return
    let heard = false
    unsubscribe = bridge.onPrinterState((next) => {
      heard = true
      fromShell(next)
    })
    void bridge.printerState().then(
      (now) => heard || fromShell(now),
      (error: unknown) => console.warn('kezek: the shell did not say its printer state', error),
    )
  }

  function unbind(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  watch(
    [state, held, () => connection.trusted, () => centre.you?.id],
    async () => {
      const printer = state.value
      if (!connection.trusted || !centre.you || printer === 'unknown') return
      if (printer === held.value || printer === sending.value) return
      sending.value = printer
      try {
        await sendCommand('device:report', { printer })
      } finally {
        if (sending.value === printer) sending.value = null
      }
    },
    { immediate: true },
  )

  return { watched, state, cannotPrint, fromShell, fromPrint, bind, unbind }
})
