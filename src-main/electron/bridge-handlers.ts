/**
 * The main-process side of `window.kezek`: one `ipcMain.handle` per bridge function. Each call is
 * answered only for the main frame of one of our face windows while it shows the hub's origin;
 * anything else (an injected frame, a page that navigated away) gets an error.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import {
  BRIDGE_CHANNELS,
  type AppInfo,
  type PrintResult,
  type ShellPrinterState,
} from '../../src-shared/bridge'
import type { SelfServicePort } from '../self-service-session'
import { isHubUrl } from './face-window'

/** The kiosk's self-service sessions (../self-service-session/), as the bridge uses them. */
export type { SelfServicePort }

export interface BridgeDependencies {
  hubOrigin: string
  /** The face windows' webContents; calls from any other sender are refused. */
  isOurWindow(webContents: WebContents): boolean
  appInfo(webContents: WebContents): AppInfo
  /** Validates its argument itself (it is `unknown` from the page). */
  printTicket(ticket: unknown): Promise<PrintResult>
  /** The ticket printer's state as last read (`unknown` where this shell watches none). */
  printerState(): ShellPrinterState
  /** Null where this shell shows no kiosk: the self-service functions then answer `not_available`. */
  selfService: SelfServicePort | null
}

export class ForeignSenderError extends Error {
  override readonly name = 'ForeignSenderError'
}

export function assertTrustedSender(event: IpcMainInvokeEvent, deps: BridgeDependencies): void {
  const frame = event.senderFrame
  if (!frame || !deps.isOurWindow(event.sender)) {
    throw new ForeignSenderError('kezek: IPC refused: the sender is not a Kezek window')
  }
  if (frame !== event.sender.mainFrame) {
    throw new ForeignSenderError('kezek: IPC refused: only the main frame may use the bridge')
  }
  if (!isHubUrl(frame.url, deps.hubOrigin)) {
    throw new ForeignSenderError(
      `kezek: IPC refused: the page is not on the hub's origin (${deps.hubOrigin})`,
    )
  }
}

const NOT_KIOSK = {
  ok: false,
  reason: 'not_available',
  message: 'self-service sessions run in the kiosk shell only',
} as const

export function registerBridgeHandlers(deps: BridgeDependencies): () => void {
  /** A handler that first checks the sender, then answers. */
  const handle = (channel: string, answer: (event: IpcMainInvokeEvent, arg: unknown) => unknown) => {
    ipcMain.handle(channel, (event, arg: unknown) => {
      assertTrustedSender(event, deps)
      return answer(event, arg)
    })
  }
  const selfService = <T>(use: (port: SelfServicePort) => Promise<T>) =>
    deps.selfService ? use(deps.selfService) : Promise.resolve(NOT_KIOSK)

  handle(BRIDGE_CHANNELS.appInfo, (event) => deps.appInfo(event.sender))
  handle(BRIDGE_CHANNELS.printTicket, (_event, ticket) => deps.printTicket(ticket))
  handle(BRIDGE_CHANNELS.startSelfService, (_event, request) => selfService((port) => port.start(request)))
  handle(BRIDGE_CHANNELS.setPortalBounds, (_event, bounds) => selfService((port) => port.setBounds(bounds)))
  handle(BRIDGE_CHANNELS.portalBack, () => selfService((port) => port.back()))
  handle(BRIDGE_CHANNELS.portalHome, () => selfService((port) => port.home()))
  handle(BRIDGE_CHANNELS.printCertificate, (_event, request) =>
    deps.selfService
      ? deps.selfService.print(request)
      : Promise.resolve({ ok: false, reason: NOT_KIOSK.message } satisfies PrintResult),
  )
  handle(BRIDGE_CHANNELS.endSelfService, () => selfService((port) => port.end()))
  handle(BRIDGE_CHANNELS.printerState, () => deps.printerState())
  return () => {
    for (const channel of Object.values(BRIDGE_CHANNELS)) ipcMain.removeHandler(channel)
  }
}
