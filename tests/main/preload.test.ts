import { describe, expect, it, vi } from 'vitest'
import {
  BRIDGE_CHANNELS,
  BRIDGE_EVENTS,
  type KezekBridge,
  type PortalBridge,
  type PrinterBridge,
  type PrintableTicket,
} from '../../src-shared/bridge'
import { contextBridge, ipcRenderer } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

describe('preload', () => {
  it('exposes exactly the named bridge functions as window.kezek', async () => {
    await import('../../src-main/electron/preload')
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce()
    const [name, api] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, KezekBridge]
    expect(name).toBe('kezek')
    expect(Object.keys(api).sort()).toEqual([
      'appInfo',
      'endSelfService',
      'onPortalEvent',
      'onPortalNavigated',
      'onPrinterState',
      'portalBack',
      'portalHome',
      'printCertificate',
      'printTicket',
      'printerState',
      'setPortalBounds',
      'startSelfService',
    ])

    await api.appInfo()
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.appInfo)
    const ticket = { number: 'A001' } as PrintableTicket
    await api.printTicket(ticket)
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.printTicket, ticket)
  })

  it('invokes the self-service functions on their fixed channels', async () => {
    await import('../../src-main/electron/preload')
    const api = contextBridge.exposeInMainWorld.mock.calls.at(-1)![1] as KezekBridge & PortalBridge
    const bounds = { x: 640, y: 0, width: 640, height: 800 }
    await api.startSelfService({ serviceId: 'no-criminal-record', bounds })
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.startSelfService, {
      serviceId: 'no-criminal-record',
      bounds,
    })
    await api.setPortalBounds(null)
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.setPortalBounds, null)
    await api.printCertificate()
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.printCertificate, {})
    await api.endSelfService()
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.endSelfService)
  })

  it('hands a subscriber the payload only, and unsubscribes it', async () => {
    await import('../../src-main/electron/preload')
    const api = contextBridge.exposeInMainWorld.mock.calls.at(-1)![1] as KezekBridge & PortalBridge
    const seen: unknown[] = []
    const stop = api.onPortalNavigated((navigation) => seen.push(navigation))
    const [channel, listener] = ipcRenderer.on.mock.calls.at(-1) as [string, (...args: unknown[]) => void]
    expect(channel).toBe(BRIDGE_EVENTS.portalNavigated)
    const navigation = { url: 'https://egov.kz/services/P30.11/request', step: 1, canGoBack: true }
    listener({ sender: 'the IPC event' }, navigation)
    expect(seen).toEqual([navigation])
    stop()
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(BRIDGE_EVENTS.portalNavigated, listener)
    api.onPortalEvent(() => undefined)
    expect(ipcRenderer.on.mock.calls.at(-1)![0]).toBe(BRIDGE_EVENTS.portalEvent)
  })

  it("asks the printer's state on its fixed channel and hands its changes on", async () => {
    await import('../../src-main/electron/preload')
    const api = contextBridge.exposeInMainWorld.mock.calls.at(-1)![1] as KezekBridge & PrinterBridge
    await api.printerState()
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.printerState)
    const seen: unknown[] = []
    const stop = api.onPrinterState((state) => seen.push(state))
    const [channel, listener] = ipcRenderer.on.mock.calls.at(-1) as [string, (...args: unknown[]) => void]
    expect(channel).toBe(BRIDGE_EVENTS.printerState)
    listener({ sender: 'the IPC event' }, 'paper-out')
    expect(seen).toEqual(['paper-out'])
    stop()
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(BRIDGE_EVENTS.printerState, listener)
  })
})
