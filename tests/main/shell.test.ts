import { beforeEach, describe, expect, it, vi } from 'vitest'
import { startHubProcess } from '../../src-main/electron/hub-process'
import { ownHubCommand, runShell, type ShellPaths } from '../../src-main/electron/shell'
import { parseShellSettings } from '../../src-main/electron/shell-config'
import { BRIDGE_CHANNELS, BRIDGE_EVENTS } from '../../src-shared/bridge'
import {
  app,
  dialog,
  FakeBrowserWindow,
  invokeEvent,
  ipcMain,
  Menu,
  resetFakeElectron,
} from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))
vi.mock('../../src-main/electron/hub-process', () => ({ startHubProcess: vi.fn() }))

const PATHS: ShellPaths = {
  preload: '/app/out/preload/preload.cjs',
  hubScript: '/app/out/main/hub.js',
  rendererDir: '/app/out/renderer',
}

const hubStop = vi.fn(() => Promise.resolve(0))

beforeEach(() => {
  resetFakeElectron()
  hubStop.mockClear()
  vi.mocked(startHubProcess).mockReset()
  vi.mocked(startHubProcess).mockResolvedValue({
    url: 'http://127.0.0.1:41234',
    child: { kill: vi.fn() } as never,
    exited: new Promise(() => undefined),
    stop: hubStop,
  })
})

async function faceWindow(): Promise<FakeBrowserWindow> {
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1), { timeout: 15_000 })
  return FakeBrowserWindow.instances[0]!
}

describe('shell', () => {
  it('opens the face on the given hub, without a menu and without starting a hub', async () => {
    runShell(
      ['--role', 'kiosk', '--hub', 'http://10.0.0.5:8080', '--device', 'kiosk-2', '--device-key', 'k'],
      PATHS,
    )
    const window = await faceWindow()
    expect(window.webContents.loadURL).toHaveBeenCalledWith('http://10.0.0.5:8080/kiosk')
    expect(window.options.webPreferences.preload).toBe(PATHS.preload)
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(null)
    expect(startHubProcess).not.toHaveBeenCalled()

    const info = await ipcMain.handlers.get(BRIDGE_CHANNELS.appInfo)!(invokeEvent(window.webContents))
    expect(info).toMatchObject({
      role: 'kiosk',
      hubUrl: 'http://10.0.0.5:8080',
      deviceId: 'kiosk-2',
      deviceKey: 'k',
    })
  })

  it('a kiosk watches its ticket printer and tells the page; a printer CUPS does not know is unknown', async () => {
    runShell(
      ['--role', 'kiosk', '--hub', 'http://10.0.0.5:8080', '--printer', 'Kezek-Test-Printer-Missing'],
      PATHS,
    )
    const window = await faceWindow()
    // The first read (whatever lpstat says of a queue that does not exist) goes to the page...
    await vi.waitFor(
      () => expect(window.webContents.send).toHaveBeenCalledWith(BRIDGE_EVENTS.printerState, 'unknown'),
      { timeout: 15_000 },
    )
    // ...and the page's question is answered the same.
    const state = await ipcMain.handlers.get(BRIDGE_CHANNELS.printerState)!(invokeEvent(window.webContents))
    expect(state).toBe('unknown')
    app.emit('before-quit')
  })

  it('keeps one instance: a second one quits, the first one comes to the front', async () => {
    runShell(['--hub', 'http://10.0.0.5:8080'], PATHS)
    expect(app.requestSingleInstanceLock).toHaveBeenCalled()
    const window = await faceWindow()
    window.minimized = true
    app.emit('second-instance', {}, [], '/')
    expect(window.restore).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()

    resetFakeElectron()
    app.hasLock = false
    runShell(['--hub', 'http://10.0.0.5:8080'], PATHS)
    expect(app.quit).toHaveBeenCalled()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('starts its own hub when given none, with the demo device, and stops it on quit', async () => {
    runShell(['--role', 'display', '--port', '0'], PATHS)
    const window = await faceWindow()
    expect(startHubProcess).toHaveBeenCalledOnce()
    const [command] = vi.mocked(startHubProcess).mock.calls[0]!
    expect(command.args.slice(0, 3)).toEqual([PATHS.hubScript, '--port', '0'])
    expect(window.webContents.loadURL).toHaveBeenCalledWith('http://127.0.0.1:41234/display')

    const info = await ipcMain.handlers.get(BRIDGE_CHANNELS.appInfo)!(invokeEvent(window.webContents))
    expect(info).toMatchObject({ hubUrl: 'http://127.0.0.1:41234', deviceId: 'display-1' })

    const quitting = { preventDefault: vi.fn() }
    app.emit('will-quit', quitting)
    expect(quitting.preventDefault).toHaveBeenCalled()
    expect(hubStop).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled(), { timeout: 15_000 })
    // The second will-quit (after the hub stopped) goes through.
    const again = { preventDefault: vi.fn() }
    app.emit('will-quit', again)
    expect(again.preventDefault).not.toHaveBeenCalled()
  })

  it('restarts its hub on the same port when the hub stops on its own', async () => {
    let stopOnItsOwn: (code: number) => void = () => undefined
    vi.mocked(startHubProcess).mockResolvedValueOnce({
      url: 'http://127.0.0.1:41234',
      child: { kill: vi.fn() } as never,
      exited: new Promise((resolve) => (stopOnItsOwn = resolve)),
      stop: hubStop,
    })
    runShell(['--port', '0'], PATHS)
    await faceWindow()
    vi.useFakeTimers()
    try {
      stopOnItsOwn(70)
      await vi.advanceTimersByTimeAsync(2_000)
    } finally {
      vi.useRealTimers()
    }
    expect(startHubProcess).toHaveBeenCalledTimes(2)
    const [command] = vi.mocked(startHubProcess).mock.calls[1]!
    expect(command.args.slice(1, 3)).toEqual(['--port', '41234'])
  })

  it('shows a settings error on screen, naming the field, and exits', async () => {
    runShell(['--role', 'tablet'], PATHS)
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1), { timeout: 15_000 })
    expect(dialog.showErrorBox.mock.calls[0]![1]).toMatch(/--role: /)
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('runs its hub on the system Node in development and on Electron as Node when packaged', () => {
    const settings = parseShellSettings(['--port', '9000', '--config', '/etc/kezek/centre.yaml', '--lan'])
    const packaged = ownHubCommand(settings, PATHS, true, '/data')
    expect(packaged.command).toBe(process.execPath)
    expect(packaged.env?.ELECTRON_RUN_AS_NODE).toBe('1')
    expect(packaged.args).toEqual([
      PATHS.hubScript,
      ...['--port', '9000', '--data', '/data', '--renderer', PATHS.rendererDir],
      ...['--config', '/etc/kezek/centre.yaml', '--lan'],
    ])
    const development = ownHubCommand(settings, PATHS, false, '/data')
    expect(development.env?.ELECTRON_RUN_AS_NODE).toBeUndefined()
  })
})
