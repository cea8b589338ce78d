/**
 * The Chromium shell gets the kiosk face back by itself: a kiosk machine that boots before the hub
 * waits for it (the kiosk page stays blank meanwhile), and a crashed kiosk renderer is loaded again.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { launchChromiumShell, type ChromiumShell } from '../../src-main/chromium-shell/shell'
import { buildRendererOnce, CHROMIUM_TEST_ARGS } from '../e2e/support'
import { demoCredentials, startTestHub, type TestHub } from '../support/hub-harness'

const ARGS = [...CHROMIUM_TEST_ARGS]

let hub: TestHub | undefined
let shell: ChromiumShell | undefined
const tempRoot = mkdtempSync(join(tmpdir(), 'kezek-chromium-recovery-test-'))

afterAll(async () => {
  await shell?.close()
  await hub?.close()
  rmSync(tempRoot, { recursive: true, force: true })
})

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('the Chromium shell recovering the kiosk face', () => {
  it('waits for a hub that is not up yet, and reloads the kiosk page after its renderer crashes', async () => {
    const rendererDir = await buildRendererOnce()
    const port = await freePort()
    const credentials = demoCredentials()
    const launching = launchChromiumShell({
      hubUrl: `http://127.0.0.1:${port}`,
      deviceId: 'kiosk-1',
      deviceKey: credentials.deviceKeys['kiosk-1']!,
      headless: true,
      args: ARGS,
      tempRoot,
      kioskRetry: { firstDelayMs: 100, maxDelayMs: 400 },
    })
    let launched = false
    void launching.then(() => (launched = true))
    await new Promise((wait) => setTimeout(wait, 1_500)) // several refused tries
    expect(launched).toBe(false)

    hub = await startTestHub({ credentials, port, hubOptions: { rendererDir } })
    shell = await launching
    const kiosk = shell.kioskPage
    await kiosk.locator('.home-group').first().waitFor()
    expect(kiosk.url()).toBe(`${hub.url}/kiosk`)

    const crashed = new Promise<void>((resolve) => kiosk.once('crash', () => resolve()))
    const cdp = await shell.kioskContext.newCDPSession(kiosk)
    void cdp.send('Page.crash').catch(() => undefined)
    await crashed
    // A new kiosk page takes the crashed one's place, on the hub, with its bridge.
    await expect.poll(() => shell!.kioskPage !== kiosk).toBe(true)
    const again = shell.kioskPage
    await again.locator('.home-group').first().waitFor()
    expect(shell.kioskContext.pages()).toEqual([again])
    expect(await again.evaluate(() => window.kezek!.appInfo().then((info) => info.role))).toBe('kiosk')
  }, 120_000)
})
