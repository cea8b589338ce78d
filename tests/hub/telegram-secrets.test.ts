/**
 * The bot's section of the centre config and its secrets: the token is never in the file, and a hub
 * whose config names a bot refuses to start, naming the variable or file, when the token is not there.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeIssues, telegramSchema } from '../../src-shared/config'
import { readBotSecrets } from '../../src-main/hub/telegram/secrets'
import { startTestHub } from '../support/hub-harness'
import { MemoryNotifyConsents, MemoryTelegramLinks } from '../support/telegram-fakes'
import { botConfig } from '../support/telegram-hub'
import { TelegramStandIn } from '../support/telegram-standin'

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0'
const dir = mkdtempSync(join(tmpdir(), 'kezek-telegram-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function issues(section: unknown): string[] {
  const parsed = telegramSchema.safeParse(section)
  return parsed.success ? [] : describeIssues(parsed.error)
}

describe('the telegram config section', () => {
  it('takes a username and defaults the rest: polling at api.telegram.org, the token in KEZEK_TELEGRAM_TOKEN', () => {
    expect(telegramSchema.parse({ username: 'kezek_astana_bot' })).toEqual({
      username: 'kezek_astana_bot',
      apiRoot: 'https://api.telegram.org',
      mode: 'polling',
      runsIn: 'hub',
    })
  })

  it('names what is wrong', () => {
    expect(issues({ username: 'kezek_astana' })).toEqual([
      'username: a Telegram bot username ends with "bot"',
    ])
    expect(issues({ username: 'kezek_bot', token: 'x' })).toEqual(['token: unknown field'])
    expect(issues({ username: 'kezek_bot', tokenEnv: 'A', tokenFile: '/run/token' })).toEqual([
      'tokenFile: name one place for the token: tokenEnv or tokenFile, not both',
    ])
    expect(issues({ username: 'kezek_bot', mode: 'webhook' })).toEqual([
      'webhook: mode webhook needs webhook.url and webhook.secretEnv',
    ])
    expect(
      issues({ username: 'kezek_bot', webhook: { url: 'http://centre.kz/api/tg', secretEnv: 'S' } }),
    ).toEqual(['webhook.url: must be an https URL (Telegram calls only https)'])
    expect(
      issues({ username: 'kezek_bot', webhook: { url: 'https://centre.kz/tg', secretEnv: 'S' } }),
    ).toEqual([
      'webhook.url: the webhook path must be under /api/ (e.g. https://centre.example.kz/api/telegram/webhook)',
    ])
  })
})

describe('the bot token', () => {
  const section = (extra: object = {}) => telegramSchema.parse({ username: 'kezek_bot', ...extra })

  it('is read from the named environment variable or file', () => {
    expect(readBotSecrets(section(), { KEZEK_TELEGRAM_TOKEN: ` ${TOKEN}\n` })).toEqual({
      token: TOKEN,
      webhookSecret: null,
    })
    const file = join(dir, 'token')
    writeFileSync(file, `${TOKEN}\n`)
    expect(readBotSecrets(section({ tokenFile: file }), {}).token).toBe(TOKEN)
  })

  it('missing or malformed, stops the start naming where it was looked for', () => {
    expect(() => readBotSecrets(section({ tokenEnv: 'CENTRE_BOT' }), {})).toThrow(
      'the centre config names a Telegram bot (telegram.username kezek_bot) but CENTRE_BOT is not set',
    )
    expect(() => readBotSecrets(section({ tokenFile: join(dir, 'none') }), {})).toThrow(
      `telegram.tokenFile: cannot read the bot token from ${join(dir, 'none')} (ENOENT)`,
    )
    expect(() => readBotSecrets(section(), { KEZEK_TELEGRAM_TOKEN: 'not-a-token' })).toThrow(
      'the Telegram bot token from the environment variable KEZEK_TELEGRAM_TOKEN is not a token as BotFather gives one',
    )
  })

  it('in webhook mode, needs the webhook secret from its variable', () => {
    const webhook = section({
      mode: 'webhook',
      webhook: { url: 'https://c.kz/api/tg', secretEnv: 'TG_SECRET' },
    })
    expect(() => readBotSecrets(webhook, { KEZEK_TELEGRAM_TOKEN: TOKEN })).toThrow(
      'telegram.webhook.secretEnv names TG_SECRET, which is not set',
    )
    expect(() => readBotSecrets(webhook, { KEZEK_TELEGRAM_TOKEN: TOKEN, TG_SECRET: 'short' })).toThrow(
      'TG_SECRET (the Telegram webhook secret) must be 16–256 letters, digits, _ or -',
    )
    expect(
      readBotSecrets(webhook, { KEZEK_TELEGRAM_TOKEN: TOKEN, TG_SECRET: 'a-long-enough-secret' })
        .webhookSecret,
    ).toBe('a-long-enough-secret')
  })

  it('a hub whose config names a bot does not start without its token', async () => {
    const standIn = await TelegramStandIn.start()
    try {
      await expect(
        startTestHub({
          config: botConfig(standIn),
          hubOptions: {
            telegramBot: { links: new MemoryTelegramLinks(), consents: new MemoryNotifyConsents(), env: {} },
          },
        }),
      ).rejects.toThrow('KEZEK_TEST_TELEGRAM_TOKEN is not set')
      // Without options of its own the hub gives the bot its notifier's links and consents: the token
      // (read from the environment) is all it needs, and its absence stops the start.
      await expect(startTestHub({ config: botConfig(standIn) })).rejects.toThrow(
        'KEZEK_TEST_TELEGRAM_TOKEN is not set',
      )
      expect(standIn.calls).toEqual([])
    } finally {
      await standIn.close()
    }
  })
})
