/**
 * What a citizen's phone downloads to follow a ticket, over the centre's Wi-Fi or mobile data: the
 * tracker's first load in a real Chromium, counted in bytes on the wire (brotli, as the hub sends the
 * build's precompressed copies), under 120 KB of JavaScript; and a second visit asks the hub for no
 * asset at all (hashed names, cached as immutable).
 */
import type { IncomingMessage } from 'node:http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssuedTicket } from '../../src-shared/protocol'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium } from './support'

const PHONE = { width: 390, height: 844 }
const JS_BUDGET_BYTES = 120 * 1024

let hub: TestHub
let browser: Browser
let ticket: IssuedTicket
/** Paths the hub was asked for, in order. */
const asked: string[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  hub.hub.http.prependListener('request', (req: IncomingMessage) => asked.push(req.url ?? ''))
  const kiosk = await hub.deviceClient('kiosk-1')
  ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: hub.config.services[0]!.id })).ticket
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

interface Loaded {
  url: string
  type: string
  encoding: string | undefined
  bytes: number
}

/** Opens the tracker, waits until it shows the ticket, and lists what came over the wire. */
async function openTracker(page: Page): Promise<Loaded[]> {
  const loaded: Promise<Loaded>[] = []
  page.on('requestfinished', (request) => {
    loaded.push(
      (async () => {
        const response = await request.response()
        const sizes = await request.sizes()
        return {
          url: request.url(),
          type: request.resourceType(),
          encoding: (await response?.allHeaders())?.['content-encoding'],
          bytes: sizes.responseBodySize,
        }
      })(),
    )
  })
  await page.goto(`${hub.url}/t/${ticket.trackToken}`)
  await expect.poll(() => page.getByText(ticket.number).first().isVisible(), { timeout: 30_000 }).toBe(true)
  return Promise.all(loaded)
}

describe('the phone tracker on the wire', () => {
  it('loads under 120 KB of compressed JavaScript, sent as brotli with a year of caching', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const problems = collectProblems(page)
    const loaded = await openTracker(page)
    const scripts = loaded.filter((entry) => entry.type === 'script')
    expect(scripts.length).toBeGreaterThan(0)
    // Files too small to be worth it (under 512 bytes) are the only ones sent as they are.
    for (const script of scripts) {
      if (script.encoding !== 'br') expect(script.bytes, script.url).toBeLessThan(512)
    }
    const total = scripts.reduce((sum, script) => sum + script.bytes, 0)
    const list = scripts.map((s) => `${s.url.split('/').pop()} ${s.bytes}`).join(', ')
    expect(total, `JavaScript on the wire: ${total} bytes (${list})`).toBeLessThan(JS_BUDGET_BYTES)
    // The bytes counted are the compressed ones: the largest script is far larger as it is.
    const largest = scripts.reduce((a, b) => (b.bytes > a.bytes ? b : a))
    const plain = await fetch(largest.url, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await plain.arrayBuffer()).byteLength).toBeGreaterThan(2 * largest.bytes)
    expect(problems).toEqual([])

    // A second visit in the same browser: the page is asked again, no asset is.
    asked.length = 0
    await page.goto('about:blank')
    await openTracker(page)
    expect(asked.filter((path) => path.startsWith('/assets/'))).toEqual([])
    expect(asked.some((path) => path.startsWith('/t/'))).toBe(true)
    await context.close()
  }, 120_000)
})
