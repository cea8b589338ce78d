/**
 * The main-process side of `window.kezek`: one `ipcMain.handle` per bridge function. Each call is
 * answered only for the main frame of one of our face windows while it shows the hub's origin;
 * anything else (an injected frame, a page that navigated away) gets an error.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { BRIDGE_CHANNELS, type AppInfo, type PrintResult } from '../../src-shared/bridge'
import { isHubUrl } from './face-window'

export interface BridgeDependencies {
  hubOrigin: string
  /** The face windows' webContents; calls from any other sender are refused. */
  isOurWindow(webContents: WebContents): boolean
  appInfo(webContents: WebContents): AppInfo
  /** Validates its argument itself (it is `unknown` from the page). */
  printTicket(ticket: unknown): Promise<PrintResult>
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

export function registerBridgeHandlers(deps: BridgeDependencies): () => void {
  ipcMain.handle(BRIDGE_CHANNELS.appInfo, (event) => {
    assertTrustedSender(event, deps)
    return deps.appInfo(event.sender)
  })
  ipcMain.handle(BRIDGE_CHANNELS.printTicket, (event, ticket: unknown) => {
    assertTrustedSender(event, deps)
    return deps.printTicket(ticket)
  })
  return () => {
    for (const channel of Object.values(BRIDGE_CHANNELS)) ipcMain.removeHandler(channel)
  }
}
