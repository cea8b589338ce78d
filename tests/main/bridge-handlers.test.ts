import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  registerBridgeHandlers,
  type BridgeDependencies,
  type SelfServicePort,
} from '../../src-main/electron/bridge-handlers'
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
let selfService: { [K in keyof SelfServicePort]: ReturnType<typeof vi.fn> }

beforeEach(async () => {
  resetFakeElectron()
  ours = new FakeWebContents()
  await ours.loadURL(`${HUB}/kiosk`)
  const ok = () => Promise.resolve({ ok: true as const })
  selfService = {
    start: vi.fn(ok),
    setBounds: vi.fn(ok),
    back: vi.fn(ok),
    home: vi.fn(ok),
    print: vi.fn(ok),
    end: vi.fn(ok),
  }
  deps = {
    hubOrigin: HUB,
    isOurWindow: (contents) => contents === (ours as never),
    appInfo: vi.fn(() => INFO),
    printTicket: vi.fn(() => Promise.resolve({ ok: true as const })),
    printerState: () => 'paper-out',
    selfService: selfService as unknown as SelfServicePort,
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
    await expect(call(BRIDGE_CHANNELS.printerState, invokeEvent(ours))).resolves.toBe('paper-out')
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

  /** Each self-service channel, the port method it reaches and the argument the page sends. */
  const SELF_SERVICE: [string, keyof SelfServicePort, unknown][] = [
    [
      BRIDGE_CHANNELS.startSelfService,
      'start',
      { serviceId: 'no-criminal-record', bounds: { x: 0, y: 0, width: 800, height: 600 } },
    ],
    [BRIDGE_CHANNELS.setPortalBounds, 'setBounds', null],
    [BRIDGE_CHANNELS.portalBack, 'back', undefined],
    [BRIDGE_CHANNELS.portalHome, 'home', undefined],
    [BRIDGE_CHANNELS.printCertificate, 'print', { downloadId: 'd1' }],
    [BRIDGE_CHANNELS.endSelfService, 'end', undefined],
  ]

  it.each(SELF_SERVICE)(
    'passes %s from our kiosk page to the self-service sessions',
    async (channel, method, arg) => {
      await expect(call(channel, invokeEvent(ours), arg)).resolves.toEqual({ ok: true })
      expect(selfService[method]).toHaveBeenCalledOnce()
      if (arg !== undefined) expect(selfService[method]).toHaveBeenCalledWith(arg)
    },
  )

  it.each(SELF_SERVICE)(
    'refuses %s from a foreign sender, a subframe or another origin',
    async (channel, method, arg) => {
      const stranger = new FakeWebContents()
      await stranger.loadURL(`${HUB}/kiosk`)
      await expect(call(channel, invokeEvent(stranger), arg)).rejects.toThrow(/not a Kezek window/)
      await expect(call(channel, invokeEvent(ours, new FakeFrame(`${HUB}/kiosk`)), arg)).rejects.toThrow(
        /main frame/,
      )
      await ours.loadURL('https://egov.kz/')
      await expect(call(channel, invokeEvent(ours), arg)).rejects.toThrow(/hub's origin/)
      expect(selfService[method]).not.toHaveBeenCalled()
    },
  )

  it('answers not_available where the shell runs no kiosk', async () => {
    ipcMain.handlers.clear()
    registerBridgeHandlers({ ...deps, selfService: null })
    await expect(call(BRIDGE_CHANNELS.startSelfService, invokeEvent(ours), {})).resolves.toMatchObject({
      ok: false,
      reason: 'not_available',
    })
    await expect(call(BRIDGE_CHANNELS.printCertificate, invokeEvent(ours), {})).resolves.toMatchObject({
      ok: false,
    })
  })
})
