/**
 * A page of another site, open in a staff member's Chromium, tries to lock consultant1 out: it posts
 * wrong passwords to the hub's sign-in as `no-cors` `text/plain` fetches and as form posts, which a
 * browser sends to another origin without asking first. The hub refuses each one unread (`403`), counts
 * no failed sign-in, and consultant1 still signs in with the right password. Two foreign origins: another
 * site (`localhost`, so `Sec-Fetch-Site: cross-site`) and another port of the hub's own host (same site,
 * so only `Origin` tells).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import { startTestHub, type TestHub } from '../support/hub-harness'
import { launchChromium } from './support'

/** Wrong passwords sent by fetch: more than the five that would lock the login. */
const FETCHES = 6
/** A text/plain form whose body is JSON, and an ordinary form. */
const FORMS = 2

/** The foreign page: its script attacks the hub named in `?hub=` as soon as it loads. */
const ATTACK_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>A page of another site</title>
<iframe name="sink-1"></iframe><iframe name="sink-2"></iframe>
<form id="json-form" method="post" enctype="text/plain" target="sink-1">
  <input name='{"login":"consultant1","password":"wrong-form","x":"' value='"}'>
</form>
<form id="plain-form" method="post" target="sink-2">
  <input name="login" value="consultant1"><input name="password" value="wrong-form">
</form>
<script>
  const signIn = new URLSearchParams(location.search).get('hub') + '/api/sessions'
  async function attack() {
    for (let i = 0; i < ${FETCHES}; i++) {
      await fetch(signIn, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ login: 'consultant1', password: 'wrong-' + i }),
      }).catch(() => undefined)
    }
    for (const form of document.forms) {
      form.action = signIn
      form.submit()
    }
    document.body.dataset.attacked = 'yes'
  }
  attack()
</script>`

let hub: TestHub
let browser: Browser
let foreign: Server
let foreignPort: number
/** What the hub logged, one parsed line each. */
const logged: { event?: string; origin?: string }[] = []
const count = (event: string) => logged.filter((line) => line.event === event).length

beforeAll(async () => {
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void logged.push(JSON.parse(line) as { event?: string }) },
  })
  hub = await startTestHub({ logger })
  foreign = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.end(ATTACK_PAGE)
  })
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve))
  foreignPort = (foreign.address() as AddressInfo).port
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => foreign?.close(resolve))
  await hub?.close()
})

/**
 * Opens the foreign page at `origin` in a fresh browser context; resolves with the hub's answers to its
 * requests and the `Sec-Fetch-Site` Chromium sent with them.
 */
async function openForeignPage(origin: string): Promise<{ answers: number[]; sites: Set<string> }> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const answers: number[] = []
    const sites = new Set<string>()
    page.on('response', (response) => {
      if (response.url() !== `${hub.url}/api/sessions`) return
      answers.push(response.status())
      void response
        .request()
        .allHeaders()
        .then((headers) => sites.add(headers['sec-fetch-site'] ?? '(not shown)'))
    })
    const refusedBefore = count('cross-origin-refused')
    await page.goto(`${origin}/?hub=${encodeURIComponent(hub.url)}`)
    await page.locator('body[data-attacked="yes"]').waitFor()
    // Every request reached the hub (the forms' too, which the page cannot watch).
    await expect.poll(() => count('cross-origin-refused') - refusedBefore).toBe(FETCHES + FORMS)
    await expect.poll(() => answers.length).toBe(FETCHES + FORMS)
    return { answers, sites }
  } finally {
    await context.close()
  }
}

describe('a foreign page in a staff browser', () => {
  it.each([
    ['another site', () => `http://localhost:${foreignPort}`, 'cross-site'],
    ['another port of the same host', () => `http://127.0.0.1:${foreignPort}`, 'same-site'],
  ])('cannot lock consultant1 out from %s', async (_name, origin, site) => {
    const { answers, sites } = await openForeignPage(origin())
    expect(answers).toEqual(Array(FETCHES + FORMS).fill(403))
    // Chromium reports the header of some of the requests to the test, a moment after their answer.
    await expect.poll(() => [...sites]).toContain(site)
    expect(logged.filter((line) => line.event === 'cross-origin-refused').at(-1)?.origin).toBe(origin())
    // No attempt was counted: the right password signs in at once, from the same machine.
    expect(count('sign-in-failed')).toBe(0)
    expect(await hub.signIn('consultant1')).toMatch(/^[A-Za-z0-9_-]{40,}$/)
  })
})
