/**
 * The Chromium shell's checks without a browser: who may call the kiosk bridge, by which names, and
 * the switches and print command the shell builds.
 */
import type { Frame, Page } from 'playwright-core'
import { describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../src-shared/bridge'
import { lpArguments } from '../../src-main/chromium-shell/self-service'
import { createKioskBridgeHandler, kioskArgs, type BindingSource } from '../../src-main/chromium-shell/shell'

const HUB = 'http://192.168.1.10:8080'

/** A page and its main frame at `url`, as much of them as the handler looks at. */
function fakePage(url: string): { page: Page; main: Frame; child: Frame } {
  const main = { url: () => url } as unknown as Frame
  const child = { url: () => url } as unknown as Frame
  const page = { mainFrame: () => main } as unknown as Page
  return { page, main, child }
}

function handlerFor(kiosk: Page) {
  const portal = {
    start: vi.fn(async () => ({ ok: true as const })),
    setBounds: vi.fn(async () => ({ ok: true as const })),
    back: vi.fn(async () => ({ ok: true as const })),
    home: vi.fn(async () => ({ ok: true as const })),
    print: vi.fn(async () => ({ ok: true as const })),
    end: vi.fn(async () => ({ ok: true as const })),
    raise: vi.fn(async () => undefined),
  }
  const info = { role: 'kiosk', hubUrl: HUB, shell: 'chromium' } as AppInfo
  const handler = createKioskBridgeHandler({
    hubOrigin: HUB,
    kioskPage: () => kiosk,
    appInfo: () => info,
    printTicket: async () => ({ ok: true }),
    printerState: () => 'offline',
    selfService: portal,
  })
  return { handler, portal, info }
}

describe('the kiosk bridge handler', () => {
  it('answers the kiosk page main frame on the hub by name', async () => {
    const kiosk = fakePage(`${HUB}/kiosk`)
    const { handler, portal, info } = handlerFor(kiosk.page)
    const source: BindingSource = { page: kiosk.page, frame: kiosk.main }
    expect(await handler(source, 'appInfo', undefined)).toBe(info)
    expect(await handler(source, 'printerState', undefined)).toBe('offline')
    const request = { serviceId: 'x' }
    expect(await handler(source, 'startSelfService', request)).toEqual({ ok: true })
    expect(portal.start).toHaveBeenCalledWith(request)
  })

  it('refuses another page, a subframe, another origin and unknown names', async () => {
    const kiosk = fakePage(`${HUB}/kiosk`)
    const { handler, portal } = handlerFor(kiosk.page)
    const other = fakePage(`${HUB}/kiosk`)
    await expect(handler({ page: other.page, frame: other.main }, 'appInfo', undefined)).rejects.toThrow(
      'only the kiosk page itself',
    )
    await expect(handler({ page: kiosk.page, frame: kiosk.child }, 'appInfo', undefined)).rejects.toThrow(
      'only the kiosk page itself',
    )
    const away = fakePage('http://evil.example/kiosk')
    const awayHandler = handlerFor(away.page).handler
    await expect(awayHandler({ page: away.page, frame: away.main }, 'appInfo', undefined)).rejects.toThrow(
      "not on the hub's origin",
    )
    for (const name of ['constructor', 'toString', '__proto__', 'start', 42]) {
      await expect(handler({ page: kiosk.page, frame: kiosk.main }, name, undefined)).rejects.toThrow(
        'no such function',
      )
    }
    expect(portal.start).not.toHaveBeenCalled()
  })
})

describe('switches and commands', () => {
  it('keeps the sandbox unless root, prints silently, full screen unless windowed', () => {
    expect(kioskArgs(true, false)).toContain('--kiosk')
    expect(kioskArgs(true, false)).toContain('--kiosk-printing')
    expect(kioskArgs(true, false)).not.toContain('--no-sandbox')
    expect(kioskArgs(true, true)).toContain('--no-sandbox')
    expect(kioskArgs(false, false)).not.toContain('--kiosk')
    expect(kioskArgs(false, false)).toContain('--kiosk-printing')
    expect(kioskArgs(true, false).some((arg) => arg.startsWith('--user-data-dir'))).toBe(false)
  })

  it('prints a PDF on the named CUPS printer, or the default one', () => {
    expect(lpArguments('certificates', '/tmp/kezek-self-service-x/d1-a.pdf')).toEqual([
      '-d',
      'certificates',
      '-t',
      'Kezek certificate',
      '/tmp/kezek-self-service-x/d1-a.pdf',
    ])
    expect(lpArguments(null, '/tmp/a.pdf')).toEqual(['-t', 'Kezek certificate', '/tmp/a.pdf'])
  })
})
