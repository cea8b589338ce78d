/**
 * Printing the ticket on screen: by the kiosk shell by itself (`window.kezek.printTicket`), or, in a
 * plain browser, by the page's Print button (a browser would open its print dialog on every ticket).
 */
import { onMounted, ref } from 'vue'
import type { PrintableTicket } from '../../src-shared/bridge'

export type PrintState = 'idle' | 'printing' | 'printed' | 'failed'

export function useTicketPrint(printable: () => PrintableTicket | null) {
  const bridge = typeof window === 'undefined' ? undefined : window.kezek
  const printState = ref<PrintState>('idle')

  async function printInShell(): Promise<void> {
    const ticket = printable()
    if (!bridge || !ticket) return
    printState.value = 'printing'
    try {
      const result = await bridge.printTicket(ticket)
      printState.value = result.ok ? 'printed' : 'failed'
    } catch {
      printState.value = 'failed'
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
