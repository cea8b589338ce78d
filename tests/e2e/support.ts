/**
 * Browser end-to-end helpers: one renderer build shared by every e2e file (and every vitest worker),
 * and a Chromium that runs the same on a developer machine and in CI.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { demoCredentials, PROJECT_ROOT } from '../support/hub-harness'
import { SHORTCUT_CODES } from '../../src-renderer/consultant/consultant-actions'

export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer')
/** Where `screenshot` saves; `KEZEK_SCREENSHOT_DIR` puts a run's pictures elsewhere (e.g. to look at them). */
export const SCREENSHOT_DIR =
  process.env.KEZEK_SCREENSHOT_DIR || join(PROJECT_ROOT, 'test-results', 'screenshots')
const LOCK_DIR = join(PROJECT_ROOT, 'out', '.renderer-build.lock')
const SOURCES = ['src-renderer', 'src-shared', 'package-lock.json']

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

function isFresh(): boolean {
  const index = join(RENDERER_DIR, 'index.html')
  if (!existsSync(index)) return false
  const built = statSync(index).mtimeMs
  return SOURCES.every((source) => newestMtime(join(PROJECT_ROOT, source)) <= built)
}

/**
 * Builds `out/renderer` unless it is newer than every source. Test files run in parallel workers, so a
 * lock folder (mkdir is atomic) makes the others wait for one build instead of overwriting it.
 */
export async function buildRendererOnce(): Promise<string> {
  mkdirSync(join(PROJECT_ROOT, 'out'), { recursive: true })
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(LOCK_DIR)
      break
    } catch {
      // A lock older than the deadline belongs to a build that died: take it over.
      const lock = statSync(LOCK_DIR, { throwIfNoEntry: false })
      if (lock && Date.now() - lock.mtimeMs > 180_000) rmSync(LOCK_DIR, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error('waited 3 minutes for another renderer build')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    if (!isFresh()) {
      execFileSync(
        process.execPath,
        [
          join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
          'build',
          '--config',
          'src-renderer/vite.config.ts',
          '--logLevel',
          'warn',
        ],
        {
          cwd: PROJECT_ROOT,
          stdio: 'inherit',
          // What `npm run build:renderer` builds: vitest's NODE_ENV=test would give Vue's development build.
          env: { ...process.env, NODE_ENV: 'production' },
        },
      )
    }
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true })
  }
  return RENDERER_DIR
}

/** `extraArgs`: more Chromium switches, e.g. `--autoplay-policy=no-user-gesture-required` for a hall display. */
/** The switches every browser test uses (Debian's chromium as root, no GPU); never a profile folder. */
export const CHROMIUM_TEST_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_TEST_ARGS, ...extraArgs],
  })
}

/** Saves `<SCREENSHOT_DIR>/<name>.png` once fonts are loaded, and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, animations: 'disabled' })
  return path
}

/** Console errors and failed requests of a page, to assert that a face ran cleanly (CSP included). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  return problems
}

/** A kiosk stand upright, the kiosk's main screen. */
export const KIOSK_PORTRAIT = { width: 1080, height: 1920 }

/**
 * The kiosk face on a touch screen, paired as the demo's kiosk-1 and at home with its fonts loaded.
 * `fakeClock` installs Playwright's clock first (for the idle timers); `prepare` runs on the context before
 * the page opens (init scripts, routes). The caller closes `context`.
 */
export async function openKioskPage(
  browser: Browser,
  hubUrl: string,
  options: {
    viewport?: { width: number; height: number }
    fakeClock?: boolean
    prepare?: (context: BrowserContext) => Promise<void>
  } = {},
) {
  const viewport = options.viewport ?? KIOSK_PORTRAIT
  const context = await browser.newContext({ viewport, hasTouch: true, deviceScaleFactor: 1 })
  await options.prepare?.(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  if (options.fakeClock) await page.clock.install()
  const key = demoCredentials().deviceKeys['kiosk-1']!
  await page.goto(`${hubUrl}/kiosk?device=kiosk-1&key=${encodeURIComponent(key)}`)
  await page.locator('.home-group').first().waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return { context, page, problems }
}

/**
 * A consultant's shortcut key, pressed as a consultant would: once the last action is acknowledged and
 * the button the key stands for is enabled on screen. The hub's ack can reach the page before the state
 * that enables the next button (a freshly called ticket), and a key pressed then does nothing, as it should.
 */
export async function pressShortcut(page: Page, key: string): Promise<void> {
  await page.locator('.actions[aria-busy="false"]').waitFor()
  const code = key === 'Space' ? 'Space' : `Key${key.toUpperCase()}`
  const action = SHORTCUT_CODES[code]
  if (!action) throw new Error(`pressShortcut: "${key}" is no consultant shortcut`)
  const selector =
    action === 'pause-or-resume'
      ? '[data-action="pause"]:enabled, [data-action="resume"]:enabled'
      : `[data-action="${action}"]:enabled`
  await page.locator(selector).first().waitFor()
  await page.keyboard.press(key)
}

/**
 * Signs a staff member in on a staff face's sign-in (the page already opened at /supervisor,
 * /consultant, …), choosing `language` first when given. It does not wait for what comes after.
 */
export async function signInStaff(
  page: Page,
  face: 'supervisor' | 'consultant' | 'admin',
  login: string,
  password: string,
  language?: 'kk' | 'ru' | 'en',
): Promise<void> {
  await page.getByTestId(`${face}-sign-in`).waitFor()
  if (language) await page.locator(`[data-language="${language}"]`).click()
  await page.getByTestId(`${face}-login`).fill(login)
  await page.getByTestId(`${face}-password`).fill(password)
  await page.getByTestId(`${face}-sign-in-submit`).click()
}
