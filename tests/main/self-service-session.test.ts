/**
 * The session core on its own, with a stand-in browser: the lifecycle both shells share (what a page
 * may ask while a session opens, a kiosk page that goes away, a wipe that half fails), and the shells'
 * logger. The shells' own tests (./self-service.test.ts, ../chromium-shell/) cover the adapters.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PortalBounds } from '../../src-shared/bridge'
import { selfServiceCatalogue } from '../../src-shared/config'
import {
  SelfServiceSessions,
  TEMP_PREFIX,
  type KioskAttachment,
  type PortalBrowser,
  type PortalSetup,
  type PortalView,
} from '../../src-main/self-service-session'
import { createShellLogger } from '../../src-main/shell-logger'
import { PORTAL, selfServiceConfig } from '../shared/self-service-fixtures'

const BOUNDS = { x: 0, y: 100, width: 800, height: 600 }
const START = { serviceId: 'land', bounds: BOUNDS }

class FakeView implements PortalView {
  placed: PortalBounds[] = []
  loaded: string[] = []
  closeProblem: Error | null = null
  closed = false
  place(bounds: PortalBounds) {
    this.placed.push(bounds)
    return Promise.resolve()
  }
  hide() {
    return Promise.resolve()
  }
  back() {
    return Promise.resolve()
  }
  load(url: string) {
    this.loaded.push(url)
    return Promise.resolve()
  }
  printPage() {
    return Promise.resolve({ ok: true } as const)
  }
  printFile() {
    return Promise.resolve({ ok: true } as const)
  }
  async close(step: (what: string, action: () => unknown) => Promise<void>) {
    this.closed = true
    await step('close the portal', () => {
      if (this.closeProblem) throw this.closeProblem
    })
  }
}

/** A browser whose `open` waits until the test lets it go on. */
class FakeBrowser implements PortalBrowser<FakeView> {
  kiosk: KioskAttachment & { gone: boolean; delivered: unknown[] } = {
    gone: false,
    onGone: null,
    delivered: [],
    deliver: (kind, payload) => this.kiosk.delivered.push([kind, payload]),
    detach: vi.fn(),
  }
  setup: PortalSetup | null = null
  view = new FakeView()
  private release: () => void = () => undefined
  opening: Promise<void> = Promise.resolve()

  holdOpen(): void {
    this.opening = new Promise((resolve) => (this.release = resolve))
  }
  letOpen(): void {
    this.release()
  }
  attachKiosk() {
    return this.kiosk
  }
  async open(setup: PortalSetup) {
    this.setup = setup
    await this.opening
    return this.view
  }
}

let tempRoot: string
let browser: FakeBrowser
let sessions: SelfServiceSessions<FakeView>

beforeEach(() => {
  tempRoot = mkdtempSync(join(tmpdir(), 'kezek-session-core-test-'))
  browser = new FakeBrowser()
  sessions = new SelfServiceSessions({
    browser,
    loadCatalogue: () => Promise.resolve(selfServiceCatalogue(selfServiceConfig())),
    tempRoot,
  })
})

afterEach(() => {
  rmSync(tempRoot, { recursive: true, force: true })
})

const sessionFolders = () => readdirSync(tempRoot).filter((name) => name.startsWith(TEMP_PREFIX))

describe('the session core', () => {
  it('remembers bounds the page sends while the session opens, and answers no_session for the rest', async () => {
    browser.holdOpen()
    const started = sessions.start(START)
    await vi.waitFor(() => expect(browser.setup).not.toBeNull(), { timeout: 15_000 })
    const moved = { ...BOUNDS, y: 300 }
    await expect(sessions.setBounds(moved)).resolves.toEqual({ ok: true })
    expect(sessions.current?.bounds).toEqual(moved)
    await expect(sessions.back()).resolves.toMatchObject({ ok: false, reason: 'no_session' })
    browser.letOpen()
    await expect(started).resolves.toEqual({ ok: true })
    expect(browser.view.placed).toEqual([BOUNDS])
    expect(browser.view.loaded).toEqual([`${PORTAL}/services/land`])
  })

  it('opens no session for a kiosk page that went away while it opened, and leaves no folder', async () => {
    browser.holdOpen()
    const started = sessions.start(START)
    await vi.waitFor(() => expect(browser.setup).not.toBeNull(), { timeout: 15_000 })
    expect(sessionFolders()).toHaveLength(1)
    browser.kiosk.gone = true
    browser.letOpen()
    await expect(started).resolves.toMatchObject({ ok: false, reason: 'not_available' })
    expect(sessions.isOpen).toBe(false)
    expect(browser.view.closed).toBe(true)
    expect(browser.view.loaded).toEqual([])
    expect(sessionFolders()).toEqual([])
  })

  it('ends the session when the kiosk page goes away after it opened', async () => {
    await expect(sessions.start(START)).resolves.toEqual({ ok: true })
    browser.kiosk.onGone!()
    await vi.waitFor(() => expect(sessions.isOpen).toBe(false), { timeout: 15_000 })
    expect(browser.view.closed).toBe(true)
    expect(sessionFolders()).toEqual([])
  })

  it('goes on wiping when the portal does not close, and says so', async () => {
    await expect(sessions.start(START)).resolves.toEqual({ ok: true })
    const folder = join(tempRoot, sessionFolders()[0]!)
    browser.view.closeProblem = new Error('renderer hung')
    await expect(sessions.end()).resolves.toEqual({
      ok: false,
      reason: 'wipe_failed',
      message: 'close the portal: renderer hung',
    })
    expect(existsSync(folder)).toBe(false)
  })

  it('tells the kiosk about refusals, page changes and activity only while the session is open', async () => {
    await expect(sessions.start(START)).resolves.toEqual({ ok: true })
    const hooks = browser.setup!.hooks
    hooks.blocked('https://evil.example/x')
    hooks.navigated(`${PORTAL}/login/otp?iin=880101300123`, true)
    hooks.activity()
    hooks.activity() // within a second: not again
    await sessions.end()
    hooks.blocked('https://late.example/')
    expect(hooks.current).toBe(false)
    expect(browser.kiosk.delivered).toEqual([
      ['event', { type: 'blocked', host: 'evil.example' }],
      ['navigated', { url: `${PORTAL}/login/otp`, step: 0, canGoBack: true }],
      ['event', { type: 'activity' }],
    ])
  })
})

describe('the shell logger', () => {
  function capture(level: string) {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    return { lines, log: createShellLogger('test-shell', { destination, level }) }
  }

  it('writes an ignored error at debug, with the shell part, the reason and the error', async () => {
    const { lines, log } = capture('debug')
    log.ignored('page already closed', new Error('Target closed'))
    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 15_000 })
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 20,
      name: 'test-shell',
      msg: 'ignored: page already closed',
      err: { message: 'Target closed' },
    })
  })

  it('keeps ignored errors out of an info log, but not warnings', async () => {
    const { lines, log } = capture('info')
    log.ignored('page already closed', new Error('Target closed'))
    log.warn('a folder stays', 'EBUSY')
    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 15_000 })
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 40,
      msg: 'a folder stays',
      err: { message: 'EBUSY' },
    })
  })

  it('writes nothing that could name the citizen: no URL query, no IIN or phone in a file name', async () => {
    const { lines, log } = capture('debug')
    const error = new Error(
      'download failed: /tmp/kezek-x/spravka-880101300123.pdf from https://egov.kz/cms/ru/services?iin=880101300123&token=abc#top (call +7 701 123 45 67)',
    )
    log.warn('a download could not be saved', error)
    log.ignored('page gone', 'navigating to https://egov.kz/a?phone=77011234567')
    await vi.waitFor(() => expect(lines).toHaveLength(2), { timeout: 15_000 })
    const written = lines.join('')
    expect(written).not.toMatch(/880101300123|77011234567|701 123 45 67|token=abc|iin=|phone=/)
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 40,
      msg: 'a download could not be saved',
      err: { message: expect.stringContaining('https://egov.kz/cms/ru/services?…') },
    })
    expect(JSON.parse(lines[0]!).err.message).toContain('spravka-[digits].pdf')
    // An ordinary number (a port, a pid, a status) is kept.
    log.warn('proxy', new Error('connect ECONNREFUSED 127.0.0.1:8080 (pid 123456)'))
    await vi.waitFor(() => expect(lines).toHaveLength(3), { timeout: 15_000 })
    expect(JSON.parse(lines[2]!).err.message).toBe('connect ECONNREFUSED 127.0.0.1:8080 (pid 123456)')
  })
})
