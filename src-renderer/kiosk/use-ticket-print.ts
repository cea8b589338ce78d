/**
 * Printing the ticket on screen: by the kiosk shell by itself (`window.kezek.printTicket`), or, in a
 * plain browser, by the page's Print button (a browser would open its print dialog on every ticket).
 * A shell whose printer is out of paper, stopped or jammed is not asked: the screen is the ticket.
 */
import { onMounted, ref } from 'vue'
import type { PrintableTicket } from '../../src-shared/bridge'
import { useKioskPrinterStore } from '../stores/kiosk-printer'

/** `unprinted`: not sent to a printer the shell knows cannot print it (`cannotPrint` says why). */
export type PrintState = 'idle' | 'printing' | 'printed' | 'failed' | 'unprinted'

export function useTicketPrint(printable: () => PrintableTicket | null) {
  const bridge = typeof window === 'undefined' ? undefined : window.kezek
  const printState = ref<PrintState>('idle')
  const printer = useKioskPrinterStore()

  async function printInShell(): Promise<void> {
    const ticket = printable()
    if (!bridge || !ticket) return
    if (printer.cannotPrint) {
      printState.value = 'unprinted'
      return
    }
    printState.value = 'printing'
    try {
      const result = await bridge.printTicket(ticket)
      printState.value = result.ok ? 'printed' : 'failed'
      printer.fromPrint(result)
    } catch {
      printState.value = 'failed'
      printer.fromPrint(null)
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
