/**
 * Printing the ticket on screen: by the kiosk shell by itself (`window.kezek.printTicket`), or, in a
 * plain browser, by the page's Print button (a browser would open its print dialog on every ticket).
 */
import { onMounted, ref } from 'vue'
import type { PrintableTicket, PrintResult } from '../../src-shared/bridge'
import type { PrinterState } from '../../src-shared/domain'
import { sendCommand } from '../hub/hub-client'
import { useCentreStore } from '../stores/centre'

export type PrintState = 'idle' | 'printing' | 'printed' | 'failed'

export function useTicketPrint(printable: () => PrintableTicket | null) {
  const bridge = typeof window === 'undefined' ? undefined : window.kezek
  const printState = ref<PrintState>('idle')
  const centre = useCentreStore()

  /**
   * Tells the hub the printer's state for the supervisor's alerts: a problem, or that it is fine again
   * after one (a print that went well changes nothing the hub knows, and sends nothing).
   */
  function report(result: PrintResult | null): void {
    const printer: PrinterState = result?.printer ?? (result?.ok ? 'ok' : 'error')
    const kioskId = centre.you?.id
    const known = kioskId ? centre.state.devices?.[kioskId]?.printer : undefined
    if (printer === 'ok' && (known === undefined || known === 'ok')) return
    void sendCommand('device:report', { printer })
  }

  async function printInShell(): Promise<void> {
    const ticket = printable()
    if (!bridge || !ticket) return
    printState.value = 'printing'
    try {
      const result = await bridge.printTicket(ticket)
      printState.value = result.ok ? 'printed' : 'failed'
      report(result)
    } catch {
      printState.value = 'failed'
      report(null)
    }
  }

  onMounted(() => {
    if (bridge) void printInShell()
  })

  return {
    /** Whether a shell prints (no Print button then). */
    inShell: bridge !== undefined,
    printState,
    printInBrowser: () => window.print(),
  }
}
