import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createFaceWindow,
  secureSession,
  shellContentSecurityPolicy,
} from '../../src-main/electron/face-window'
import type { FaceRole } from '../../src-shared/bridge'
import { FakeBrowserWindow, fakeSession, navigationEvent, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const HUB = 'http://127.0.0.1:8080'
const PRELOAD = '/app/out/preload/preload.cjs'

function open(role: FaceRole, development = false): FakeBrowserWindow {
  createFaceWindow({ role, hubOrigin: HUB, preloadPath: PRELOAD, development })
  return FakeBrowserWindow.instances.at(-1)!
}

beforeEach(() => resetFakeElectron())
afterEach(() => vi.useRealTimers())

describe('face window', () => {
  it.each<FaceRole>(['kiosk', 'consultant', 'display'])(
    '%s: isolated, sandboxed, no Node, our preload',
    (role) => {
      const window = open(role)
      expect(window.options.webPreferences).toMatchObject({
        preload: PRELOAD,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        webviewTag: false,
        devTools: false,
      })
      expect(window.webContents.loadURL).toHaveBeenCalledWith(`${HUB}/${role}`)
    },
  )

  it('kiosk: full-screen kiosk mode without a menu in production', () => {
    const window = open('kiosk')
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true, show: false })
    expect(window.removeMenu).toHaveBeenCalled()
    expect(window.options.webPreferences.autoplayPolicy).toBe('document-user-activation-required')
  })

  it('development keeps devtools and a normal window', () => {
    const window = open('kiosk', true)
    expect(window.options.kiosk).toBe(false)
    expect(window.options.webPreferences.devTools).toBe(true)
  })

  it('consultant: a normal window, still without a menu', () => {
    const window = open('consultant')
    expect(window.options.kiosk).toBe(false)
    expect(window.removeMenu).toHaveBeenCalled()
  })

  it('display: plays the chime and the spoken call without a touch', () => {
    expect(open('display').options.webPreferences.autoplayPolicy).toBe('no-user-gesture-required')
  })

  it('is created hidden and shown once ready', () => {
    const window = open('kiosk')
    expect(window.visible).toBe(false)
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalledOnce()
  })

  it('does not navigate or redirect to another origin', () => {
    const { webContents } = open('kiosk')
    const away = navigationEvent('https://evil.example/phish')
    webContents.emit('will-navigate', away)
    expect(away.preventDefault).toHaveBeenCalled()

    const sameHostOtherPort = navigationEvent('http://127.0.0.1:9999/kiosk')
    webContents.emit('will-navigate', sameHostOtherPort)
    expect(sameHostOtherPort.preventDefault).toHaveBeenCalled()

    const redirect = navigationEvent('https://evil.example/')
    webContents.emit('will-redirect', redirect)
    expect(redirect.preventDefault).toHaveBeenCalled()
  })

  it('navigates freely within the hub', () => {
    const { webContents } = open('kiosk')
    const home = navigationEvent(`${HUB}/kiosk?lang=ru`)
    webContents.emit('will-navigate', home)
    webContents.emit('will-redirect', home)
    expect(home.preventDefault).not.toHaveBeenCalled()
  })

  it('denies window.open', () => {
    const { webContents } = open('kiosk')
    expect(webContents.windowOpenHandler?.({ url: `${HUB}/kiosk` })).toEqual({ action: 'deny' })
    expect(webContents.windowOpenHandler?.({ url: 'https://egov.kz' })).toEqual({ action: 'deny' })
  })

  it('reloads the page when its renderer process crashes', () => {
    const { webContents } = open('kiosk')
    webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    expect(webContents.reload).toHaveBeenCalledOnce()
  })

  it('retries loading while the hub is unreachable', () => {
    vi.useFakeTimers()
    const { webContents } = open('display')
    webContents.loadURL.mockClear()
    webContents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', `${HUB}/display`, true)
    expect(webContents.loadURL).not.toHaveBeenCalled()
    vi.advanceTimersByTime(3_000)
    expect(webContents.loadURL).toHaveBeenCalledWith(`${HUB}/display`)
  })
})

describe('session policy', () => {
  it("adds the shell's CSP to every response and keeps the hub's", () => {
    secureSession(fakeSession as never, 'kiosk', HUB)
    const callback = vi.fn()
    fakeSession.headersListener!(
      { responseHeaders: { 'content-security-policy': ["default-src 'self'"], 'X-Other': ['1'] } },
      callback,
    )
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>
    expect(headers['Content-Security-Policy']).toEqual([
      "default-src 'self'",
      shellContentSecurityPolicy(HUB),
    ])
    expect(headers['content-security-policy']).toBeUndefined()
    expect(headers['X-Other']).toEqual(['1'])
  })

  it('sets a CSP where the response has none', () => {
    secureSession(fakeSession as never, 'kiosk', HUB)
    const callback = vi.fn()
    fakeSession.headersListener!({ responseHeaders: {} }, callback)
    const policy = callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0] as string
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain('ws://127.0.0.1:8080')
  })

  function request(role: FaceRole, permission: string, url = `${HUB}/${role}`): boolean {
    secureSession(fakeSession as never, role, HUB)
    const window = new FakeBrowserWindow({})
    window.webContents.url = url
    let granted: boolean | undefined
    fakeSession.permissionRequest!(window.webContents, permission, (answer) => (granted = answer))
    return granted!
  }

  it('denies every permission to the kiosk', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'speaker-selection', 'openExternal']) {
      expect(request('kiosk', permission)).toBe(false)
    }
  })

  it('lets the hall display pick its speaker, and nothing else', () => {
    expect(request('display', 'speaker-selection')).toBe(true)
    expect(request('display', 'media')).toBe(false)
    expect(request('display', 'speaker-selection', 'https://evil.example/')).toBe(false)
  })

  it('answers permission checks the same way', () => {
    secureSession(fakeSession as never, 'display', HUB)
    expect(fakeSession.permissionCheck!(null, 'speaker-selection', HUB)).toBe(true)
    expect(fakeSession.permissionCheck!(null, 'speaker-selection', 'https://evil.example')).toBe(false)
    expect(fakeSession.permissionCheck!(null, 'clipboard-read', HUB)).toBe(false)
  })
})
