import { it } from 'vitest'
import { startTestHub } from '../../support/hub-harness'
import { buildRendererOnce, launchChromium } from '../support'
it('dbg', async () => {
  const rendererDir = await buildRendererOnce()
  const hub = await startTestHub({ hubOptions: { rendererDir } })
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  page.on('console', (m) => console.log('CONSOLE', page.url(), m.type(), m.text().slice(0,200), JSON.stringify(m.location())))
  await page.goto(`${hub.url}/kiosk`); await page.waitForTimeout(1500); await page.goto(`${hub.url}/consultant`)
  await page.waitForTimeout(1000)
  console.log('MARK loaded')
  await page.getByTestId('consultant-login').fill('consultant1')
  await page.getByTestId('consultant-password').fill(hub.credentials.passwords['consultant1']!)
  await page.getByTestId('consultant-sign-in-submit').click()
  console.log('MARK clicked')
  await page.locator('.desk-card').first().waitFor()
  console.log('MARK picker')
  await page.waitForTimeout(1000)
  await browser.close()
  await hub.close()
}, 60000)
