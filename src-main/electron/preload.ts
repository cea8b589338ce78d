/**
 * `window.kezek`: the named functions of `KezekBridge`, nothing else. The page never picks a channel;
 * the main process checks who calls. Built as CommonJS so the window keeps `sandbox: true`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  BRIDGE_CHANNELS,
  BRIDGE_EVENTS,
  type KezekBridge,
  type PortalBridge,
  type PrinterBridge,
  type PortalBounds,
  type PortalStartRequest,
  type PrintableTicket,
  type PrintCertificateRequest,
} from '../../src-shared/bridge'

/** Listens on one fixed channel and hands the page only the payload, never the IPC event. */
function subscribe<T>(channel: string, callback: (value: T) => void): () => void {
  const listener = (_event: IpcRendererEvent, value: T) => callback(value)
  ipcRenderer.on(channel, listener)
  return () => {
    ipcRenderer.removeListener(channel, listener)
  }
}

/** The shell's whole bridge: every function, the self-service ones included. */
const bridge: KezekBridge & PortalBridge & PrinterBridge = {
  appInfo: () => ipcRenderer.invoke(BRIDGE_CHANNELS.appInfo),
  printTicket: (ticket: PrintableTicket) => ipcRenderer.invoke(BRIDGE_CHANNELS.printTicket, ticket),
  startSelfService: (request: PortalStartRequest) =>
    ipcRenderer.invoke(BRIDGE_CHANNELS.startSelfService, request),
  setPortalBounds: (bounds: PortalBounds | null) =>
    ipcRenderer.invoke(BRIDGE_CHANNELS.setPortalBounds, bounds),
  portalBack: () => ipcRenderer.invoke(BRIDGE_CHANNELS.portalBack),
  portalHome: () => ipcRenderer.invoke(BRIDGE_CHANNELS.portalHome),
  printCertificate: (request?: PrintCertificateRequest) =>
    ipcRenderer.invoke(BRIDGE_CHANNELS.printCertificate, request ?? {}),
  endSelfService: () => ipcRenderer.invoke(BRIDGE_CHANNELS.endSelfService),
  onPortalNavigated: (callback) => subscribe(BRIDGE_EVENTS.portalNavigated, callback),
  onPortalEvent: (callback) => subscribe(BRIDGE_EVENTS.portalEvent, callback),
  printerState: () => ipcRenderer.invoke(BRIDGE_CHANNELS.printerState),
  onPrinterState: (callback) => subscribe(BRIDGE_EVENTS.printerState, callback),
}

contextBridge.exposeInMainWorld('kezek', bridge)
