/**
 * `window.kezek`: the named functions of `KezekBridge`, nothing else. The page never picks a channel;
 * the main process checks who calls. Built as CommonJS so the window keeps `sandbox: true`.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_CHANNELS, type KezekBridge, type PrintableTicket } from '../../src-shared/bridge'

const bridge: KezekBridge = {
  appInfo: () => ipcRenderer.invoke(BRIDGE_CHANNELS.appInfo),
  printTicket: (ticket: PrintableTicket) => ipcRenderer.invoke(BRIDGE_CHANNELS.printTicket, ticket),
}

contextBridge.exposeInMainWorld('kezek', bridge)
