/**
 * A stand-in for the `electron` module, enough for the shell's code to run under plain Node:
 *
 *   vi.mock('electron', () => import('./fake-electron'))
 *
 * It records what the code asks of Electron (window options, IPC handlers, app and webContents listeners,
 * session handlers, print calls, views and partitions) so tests can assert on it and fire events.
 * `resetFakeElectron()` before each test.
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  url = ''
  destroyed = false
  readonly mainFrame = new FakeFrame('')
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  printers: { name: string }[] = [{ name: 'Thermal-80' }]
  contentHeight = 400
  /** What `print` answers: success and failure reason. */
  printAnswer: [boolean, string] = [true, '']
  readonly reload = vi.fn()
  readonly print = vi.fn((_options: unknown, callback?: (success: boolean, reason: string) => void) => {
    queueMicrotask(() => callback?.(...this.printAnswer))
  })
  readonly setVisualZoomLevelLimits = vi.fn(() => Promise.resolve())
  readonly getPrintersAsync = vi.fn(() => Promise.resolve(this.printers))
  readonly executeJavaScript = vi.fn(() => Promise.resolve(this.contentHeight))
  readonly loadURL = vi.fn((url: string) => {
    this.url = url
    this.mainFrame.url = url
    return Promise.resolve()
  })
  /** Messages the main process sent to this page: `[channel, payload]`. */
  readonly send = vi.fn((_channel: string, _payload: unknown) => undefined)
  readonly close = vi.fn(() => {
    this.destroyed = true
  })
  readonly navigationHistory = { canGoBack: vi.fn(() => false), goBack: vi.fn() }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }

  getURL(): string {
    return this.url
  }

  isDestroyed(): boolean {
    return this.destroyed
  }
}

export interface NavigationEvent {
  url: string
  preventDefault: ReturnType<typeof vi.fn>
}

export function navigationEvent(url: string): NavigationEvent {
  return { url, preventDefault: vi.fn() }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  destroyed = false
  minimized = false
  visible = false
  readonly removeMenu = vi.fn()
  readonly focus = vi.fn()
  readonly restore = vi.fn(() => {
    this.minimized = false
  })
  readonly show = vi.fn(() => {
    this.visible = true
  })
  contentSize: [number, number] = [1280, 800]
  readonly getContentSize = vi.fn(() => [...this.contentSize])
  readonly contentView = {
    children: [] as FakeWebContentsView[],
    addChildView: vi.fn((view: FakeWebContentsView) => {
      this.contentView.children.push(view)
    }),
    removeChildView: vi.fn((view: FakeWebContentsView) => {
      this.contentView.children = this.contentView.children.filter((child) => child !== view)
    }),
  }

  constructor(readonly options: Record<string, any>) {
    super()
    FakeBrowserWindow.instances.push(this)
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }

  isMinimized(): boolean {
    return this.minimized
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  destroy(): void {
    this.destroyed = true
    this.webContents.destroyed = true
  }
}

export class FakeWebContentsView {
  static instances: FakeWebContentsView[] = []
  readonly webContents = new FakeWebContents()
  readonly setBounds = vi.fn()
  readonly setVisible = vi.fn()
  readonly setBackgroundColor = vi.fn()

  constructor(readonly options: Record<string, any> = {}) {
    FakeWebContentsView.instances.push(this)
  }
}

/** A session made by `session.fromPartition`: records its partition name and every wipe. */
export class FakePartition extends EventEmitter {
  static instances: FakePartition[] = []
  permissionRequest:
    | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void)
    | null = null
  permissionCheck: ((contents: unknown, permission: string, origin: string) => boolean) | null = null
  readonly setPermissionRequestHandler = vi.fn((handler: NonNullable<FakePartition['permissionRequest']>) => {
    this.permissionRequest = handler
  })
  readonly setPermissionCheckHandler = vi.fn((handler: NonNullable<FakePartition['permissionCheck']>) => {
    this.permissionCheck = handler
  })
  readonly setSpellCheckerEnabled = vi.fn()
  readonly setDownloadPath = vi.fn()
  readonly setProxy = vi.fn((_config: { proxyRules: string; proxyBypassRules?: string }) => Promise.resolve())
  readonly clearStorageData = vi.fn(() => Promise.resolve())
  readonly clearCache = vi.fn(() => Promise.resolve())
  readonly clearAuthCache = vi.fn(() => Promise.resolve())
  readonly clearHostResolverCache = vi.fn(() => Promise.resolve())
  readonly closeAllConnections = vi.fn(() => Promise.resolve())

  constructor(
    readonly partition: string,
    readonly options: unknown,
  ) {
    super()
    FakePartition.instances.push(this)
  }
}

/** A download as `will-download` hands it over. */
export class FakeDownloadItem extends EventEmitter {
  savePath: string | null = null
  readonly setSavePath = vi.fn((path: string) => {
    this.savePath = path
  })
  readonly cancel = vi.fn()

  constructor(
    private readonly filename: string,
    private readonly mimeType = 'application/pdf',
  ) {
    super()
  }

  getFilename(): string {
    return this.filename
  }

  getMimeType(): string {
    return this.mimeType
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false
  hasLock = true
  private ready = Promise.resolve()
  readonly requestSingleInstanceLock = vi.fn(() => this.hasLock)
  readonly quit = vi.fn()
  readonly exit = vi.fn()
  readonly getVersion = vi.fn(() => '0.1.0')
  readonly getPath = vi.fn((name: string) => `/fake/${name}`)

  whenReady(): Promise<void> {
    return this.ready
  }

  isReady(): boolean {
    return true
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle: vi.fn((channel: string, handler: Handler) => {
    if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    ipcMain.handlers.set(channel, handler)
  }),
  removeHandler: vi.fn((channel: string) => ipcMain.handlers.delete(channel)),
}

export const fakeSession = {
  headersListener: null as
    | null
    | ((
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: unknown) => void,
      ) => void),
  permissionRequest: null as
    | null
    | ((webContents: FakeWebContents, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: null as
    | null
    | ((webContents: FakeWebContents | null, permission: string, requestingOrigin: string) => boolean),
  webRequest: {
    onHeadersReceived: vi.fn((listener: NonNullable<(typeof fakeSession)['headersListener']>) => {
      fakeSession.headersListener = listener
    }),
  },
  setPermissionRequestHandler: vi.fn((handler: NonNullable<(typeof fakeSession)['permissionRequest']>) => {
    fakeSession.permissionRequest = handler
  }),
  setPermissionCheckHandler: vi.fn((handler: NonNullable<(typeof fakeSession)['permissionCheck']>) => {
    fakeSession.permissionCheck = handler
  }),
}

export const app = new FakeApp()
export const BrowserWindow = FakeBrowserWindow
export const session = {
  defaultSession: fakeSession,
  fromPartition: vi.fn((partition: string, options?: unknown) => new FakePartition(partition, options)),
}
export const Menu = { setApplicationMenu: vi.fn() }
export const dialog = { showErrorBox: vi.fn() }
export const contextBridge = { exposeInMainWorld: vi.fn() }
export const ipcRenderer = {
  invoke: vi.fn((..._args: unknown[]) => Promise.resolve('answer')),
  on: vi.fn(),
  removeListener: vi.fn(),
}
export const WebContentsView = FakeWebContentsView

export function resetFakeElectron(): void {
  FakeBrowserWindow.instances = []
  FakeWebContentsView.instances = []
  FakePartition.instances = []
  session.fromPartition.mockClear()
  ipcRenderer.on.mockClear()
  ipcRenderer.removeListener.mockClear()
  ipcMain.handlers.clear()
  ipcMain.handle.mockClear()
  ipcMain.removeHandler.mockClear()
  fakeSession.headersListener = null
  fakeSession.permissionRequest = null
  fakeSession.permissionCheck = null
  fakeSession.webRequest.onHeadersReceived.mockClear()
  fakeSession.setPermissionRequestHandler.mockClear()
  fakeSession.setPermissionCheckHandler.mockClear()
  Menu.setApplicationMenu.mockClear()
  dialog.showErrorBox.mockClear()
  contextBridge.exposeInMainWorld.mockClear()
  ipcRenderer.invoke.mockClear()
  app.removeAllListeners()
  app.isPackaged = false
  app.hasLock = true
  for (const spy of [app.requestSingleInstanceLock, app.quit, app.exit, app.getVersion, app.getPath])
    spy.mockClear()
}

/** An IPC event as Electron builds it, from a window's main frame (or another frame). */
export function invokeEvent(sender: FakeWebContents, frame: FakeFrame | null = sender.mainFrame) {
  return { sender, senderFrame: frame }
}

export default {
  app,
  BrowserWindow,
  WebContentsView,
  session,
  Menu,
  dialog,
  contextBridge,
  ipcRenderer,
  ipcMain,
}
