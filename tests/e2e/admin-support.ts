/** The admin screen as its e2e tests open it: a desktop browser context signed in as the demo admin. */
import type { Browser, Page } from 'playwright-core'
import type { TestHub } from '../support/hub-harness'
import { collectProblems, signInStaff } from './support'

export const ADMIN_DESKTOP = { width: 1366, height: 768 }

export async function openAdminPage(
  browser: Browser,
  hub: TestHub,
  viewport: { width: number; height: number } = ADMIN_DESKTOP,
): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/admin`)
  await signInStaff(page, 'admin', 'admin', hub.credentials.passwords['admin']!)
  await page.getByTestId('admin-staff-list').waitFor({ timeout: 15_000 })
  return { page, problems, close: () => context.close() }
}
