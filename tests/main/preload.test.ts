import { describe, expect, it, vi } from 'vitest'
import { BRIDGE_CHANNELS, type KezekBridge, type PrintableTicket } from '../../src-shared/bridge'
import { contextBridge, ipcRenderer } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

describe('preload', () => {
  it('exposes exactly the named bridge functions as window.kezek', async () => {
    await import('../../src-main/electron/preload')
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledOnce()
    const [name, api] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, KezekBridge]
    expect(name).toBe('kezek')
    expect(Object.keys(api).sort()).toEqual(['appInfo', 'printTicket'])

    await api.appInfo()
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.appInfo)
    const ticket = { number: 'A001' } as PrintableTicket
    await api.printTicket(ticket)
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(BRIDGE_CHANNELS.printTicket, ticket)
  })
})
