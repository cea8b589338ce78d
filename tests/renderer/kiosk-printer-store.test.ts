// @vitest-environment happy-dom
/**
 * The kiosk's ticket printer: what the shell says of it reaches the hub as `device:report` when it
 * differs from what the hub holds (a change, or a hub holding an older state), once, never per read;
 * `unknown` is never reported; a printer that cannot print stops the kiosk from sending it tickets.
 */
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { KezekBridge, ShellPrinterState } from '../../src-shared/bridge'
import type { PrinterState } from '../../src-shared/domain'
import type { Principal } from '../../src-shared/protocol'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useConnectionStore } from '../../src-renderer/stores/connection'
import { useKioskPrinterStore } from '../../src-renderer/stores/kiosk-printer'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  sendCommand: vi.fn(),
}))
const send = vi.mocked(sendCommand)

const KIOSK: Principal = { role: 'device', roles: ['kiosk'], id: 'kiosk-1', name: 'Kiosk 1' }

/** A shell whose printer the test turns; `printerState()` answers `initial`. */
function fakeShell(initial: ShellPrinterState) {
  let listener: ((state: ShellPrinterState) => void) | null = null
  let answer: (state: ShellPrinterState) => void = () => undefined
  const asked = new Promise<ShellPrinterState>((resolve) => (answer = resolve))
  const bridge: KezekBridge = {
    appInfo: vi.fn(),
    printTicket: vi.fn(),
    printerState: () => asked,
    onPrinterState: (callback) => {
      listener = callback
      return () => (listener = null)
    },
  }
  return {
    bridge,
    answer: () => answer(initial),
    turn: (state: ShellPrinterState) => listener?.(state),
    listening: () => listener !== null,
  }
}

/** The hub's `device:reported` fact, as the centre store applies it. */
function hubHolds(printer: PrinterState): void {
  useCentreStore().state.devices = { 'kiosk-1': { printer, at: Date.now() } }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await nextTick()
    await Promise.resolve()
  }
}

const reports = () => send.mock.calls.map(([type, fields]) => [type, fields])

beforeEach(() => {
  setActivePinia(createPinia())
  send.mockReset()
  send.mockResolvedValue({ ok: true, value: null } as never)
  useCentreStore().you = KIOSK
  const connection = useConnectionStore()
  connection.status = 'online'
  connection.synced = true
})

describe('the kiosk printer store', () => {
  it('reports the shell saying paper-out once, however often it says it, and ok again once', async () => {
    const shell = fakeShell('ok')
    const printer = useKioskPrinterStore()
    printer.bind(shell.bridge)
    shell.answer()
    await settle()
    expect(send).not.toHaveBeenCalled() // ok where the hub holds nothing: nothing to tell
    expect(printer.cannotPrint).toBeNull()

    shell.turn('paper-out')
    shell.turn('paper-out')
    await settle()
    expect(reports()).toEqual([['device:report', { printer: 'paper-out' }]])
    expect(printer.cannotPrint).toBe('paper-out')
    hubHolds('paper-out')
    shell.turn('paper-out')
    await settle()
    expect(send).toHaveBeenCalledTimes(1)

    shell.turn('ok')
    await settle()
    expect(reports()).toEqual([
      ['device:report', { printer: 'paper-out' }],
      ['device:report', { printer: 'ok' }],
    ])
    expect(printer.cannotPrint).toBeNull()
  })

  it('tells a hub that (re)connected holding an older state, and waits for the hub to be trusted', async () => {
    const connection = useConnectionStore()
    connection.synced = false
    hubHolds('paper-out')
    const shell = fakeShell('ok')
    useKioskPrinterStore().bind(shell.bridge)
    shell.answer()
    await settle()
    expect(send).not.toHaveBeenCalled()
    connection.synced = true
    await settle()
    expect(reports()).toEqual([['device:report', { printer: 'ok' }]])
  })

  it('never reports unknown, and does not hold tickets back for it', async () => {
    const shell = fakeShell('unknown')
    const printer = useKioskPrinterStore()
    printer.bind(shell.bridge)
    shell.answer()
    shell.turn('unknown')
    await settle()
    expect(send).not.toHaveBeenCalled()
    expect(printer.cannotPrint).toBeNull()
  })

  it("a change the shell sends wins over its slower answer to the page's first question", async () => {
    const shell = fakeShell('ok')
    const printer = useKioskPrinterStore()
    printer.bind(shell.bridge)
    shell.turn('offline')
    shell.answer()
    await settle()
    expect(printer.watched).toBe('offline')
    expect(reports()).toEqual([['device:report', { printer: 'offline' }]])
  })

  it("a print's result is reported like the shell's word, a failure without one as error", async () => {
    const printer = useKioskPrinterStore()
    printer.fromPrint({ ok: false, reason: 'the printer did not answer' })
    await settle()
    expect(reports()).toEqual([['device:report', { printer: 'error' }]])
    // ...but a failed print alone does not stop the next ticket from printing: CUPS did not say so.
    expect(printer.cannotPrint).toBeNull()
    hubHolds('error')
    printer.fromPrint({ ok: true, printer: 'ok' })
    await settle()
    expect(reports()).toEqual([
      ['device:report', { printer: 'error' }],
      ['device:report', { printer: 'ok' }],
    ])
  })

  it('unbinds from the shell', () => {
    const shell = fakeShell('ok')
    const printer = useKioskPrinterStore()
    printer.bind(shell.bridge)
    expect(shell.listening()).toBe(true)
    printer.unbind()
    expect(shell.listening()).toBe(false)
  })
})
