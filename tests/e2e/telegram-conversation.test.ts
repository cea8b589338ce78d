/**
 * What a citizen sees of the bot: a conversation in Kazakh on a real hub and the Bot API stand-in, from
 * /start to a joined ticket, drawn as a phone's chat in Chromium and saved as the README's
 * `docs/screenshots/telegram.png` (rewritten only when its bytes change; a copy goes to the test
 * artifacts). The one-time code and the hub's tokens come from fixed sequences in this file, so the
 * picture is the same every run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { botTexts } from '../../src-shared/i18n/telegram-bot'
import { expectOk, PROJECT_ROOT } from '../support/hub-harness'
import { codeSentTo, REMOTE_SERVICE, startBotHub, type BotHub } from '../support/telegram-hub'
import { TelegramStandIn } from '../support/telegram-standin'
import { transcriptHtml } from './telegram-transcript'
import { launchChromium, SCREENSHOT_DIR } from './support'

vi.mock('../../src-main/hub/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-main/hub/passwords')>()
  const { createHash } = await import('node:crypto')
  let issued = 0
  return {
    ...original,
    newToken: (bytes = 32) => {
      issued += 1
      return createHash('sha512')
        .update(`kezek-telegram-${issued}`)
        .digest()
        .subarray(0, bytes)
        .toString('base64url')
    },
  }
})
vi.mock('../../src-main/hub/registration/desk/codes', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-main/hub/registration/desk/codes')>()
  return {
    ...original,
    newCode: (rules: Parameters<typeof original.newCode>[0]) => {
      const code = '428517'
      const salt = Buffer.alloc(16, 7)
      return { code: code.slice(0, rules.digits), salt, hash: original.hashCode(code, salt) }
    },
  }
})

const DOCS_DIR = join(PROJECT_ROOT, 'docs', 'screenshots')
const MAX_BYTES = 400_000

let standIn: TelegramStandIn
let bot: BotHub
let browser: Browser

beforeAll(async () => {
  standIn = await TelegramStandIn.start()
  bot = await startBotHub(standIn)
  const consultant = await bot.hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await bot?.hub.close()
  await standIn?.close()
})

describe('a conversation with the bot, as the citizen sees it', () => {
  it('from /start to a joined ticket, in Kazakh', async () => {
    const kk = botTexts.kk
    const user = standIn.user(5550101, 'Айгерім')
    await user.text('/start')
    await user.next()
    await user.press('lang:kk')
    await user.next()
    await user.contact('+77011234567')
    await user.next()
    await user.text(codeSentTo(bot.sms, '+77011234567'))
    await user.next()
    await user.next()
    await user.press('consent:yes')
    await user.next()
    await user.next()
    await user.press('menu:join')
    await user.next()
    await user.press(`join:${REMOTE_SERVICE}`)
    await user.next()
    await user.press(`travel:${REMOTE_SERVICE}:30`)
    const joined = await user.next()
    expect(joined.text).toContain('Талоныңыз: A001')

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })
    const page = await context.newPage()
    await page.setContent(transcriptHtml(standIn.transcript, user.id, 'Kezek · ХҚО'))
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    // What the citizen reads: their own steps, the code's SMS, the ticket and its check-in code.
    await expect.poll(() => page.getByText('Талоныңыз: A001', { exact: false }).count()).toBe(1)
    expect(await page.getByText(kk.consentGiven).count()).toBe(1)
    const png = await page.screenshot({ type: 'png', fullPage: true, animations: 'disabled' })
    await context.close()
    expect(png.length).toBeLessThan(MAX_BYTES)
    mkdirSync(DOCS_DIR, { recursive: true })
    const path = join(DOCS_DIR, 'telegram.png')
    if (!existsSync(path) || !readFileSync(path).equals(png)) writeFileSync(path, png)
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    writeFileSync(join(SCREENSHOT_DIR, 'readme-telegram.png'), png)
  })
})
