import { beforeEach, describe, expect, it, vi } from 'vitest'
import { registerBridgeHandlers, type BridgeDependencies } from '../../src-main/electron/bridge-handlers'
import { BRIDGE_CHANNELS, type AppInfo } from '../../src-shared/bridge'
import { FakeFrame, FakeWebContents, invokeEvent, ipcMain, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const HUB = 'http://127.0.0.1:8080'
const INFO: AppInfo = {
  role: 'kiosk',
  hubUrl: HUB,
  deviceId: 'kiosk-1',
  deviceKey: 'secret',
  version: '0.1.0',
  electron: '41.7.1',
}

let ours: FakeWebContents
let deps: BridgeDependencies

beforeEach(async () => {
  resetFakeElectron()
  ours = new FakeWebContents()
  await ours.loadURL(`${HUB}/kiosk`)
  deps = {
    hubOrigin: HUB,
    isOurWindow: (contents) => contents === (ours as never),
    appInfo: vi.fn(() => INFO),
    printTicket: vi.fn(() => Promise.resolve({ ok: true as const })),
  }
  registerBridgeHandlers(deps)
})

const call = (channel: string, event: unknown, ...args: unknown[]) =>
  Promise.resolve().then(() => ipcMain.handlers.get(channel)!(event, ...args))

describe('bridge handlers', () => {
  it('registers one handler per bridge function, on the fixed channels', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort())
  })

  it('answers our window on the hub', async () => {
    await expect(call(BRIDGE_CHANNELS.appInfo, invokeEvent(ours))).resolves.toEqual(INFO)
    const ticket = { number: 'A001' }
    await expect(call(BRIDGE_CHANNELS.printTicket, invokeEvent(ours), ticket)).resolves.toEqual({ ok: true })
    expect(deps.printTicket).toHaveBeenCalledWith(ticket)
  })

  it('refuses a webContents that is not one of our windows', async () => {
    const stranger = new FakeWebContents()
    await stranger.loadURL(`${HUB}/kiosk`)
    await expect(call(BRIDGE_CHANNELS.appInfo, invokeEvent(stranger))).rejects.toThrow(/not a Kezek window/)
    await expect(call(BRIDGE_CHANNELS.printTicket, invokeEvent(stranger), {})).rejects.toThrow(Error)
    expect(deps.printTicket).not.toHaveBeenCalled()
  })

  it('refuses our window once it shows another origin', async () => {
    await ours.loadURL('https://evil.example/kiosk')
    await expect(call(BRIDGE_CHANNELS.printTicket, invokeEvent(ours), {})).rejects.toThrow(/hub's origin/)
    expect(deps.printTicket).not.toHaveBeenCalled()
  })

  it('refuses a subframe and a destroyed frame', async () => {
    const frame = new FakeFrame(`${HUB}/kiosk`)
    await expect(call(BRIDGE_CHANNELS.appInfo, invokeEvent(ours, frame))).rejects.toThrow(/main frame/)
    await expect(call(BRIDGE_CHANNELS.appInfo, invokeEvent(ours, null))).rejects.toThrow(/not a Kezek window/)
    expect(deps.appInfo).not.toHaveBeenCalled()
  })
})
