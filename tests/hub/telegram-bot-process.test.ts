/**
 * The bot in its own process (`telegram.runsIn: bot-process`), beyond the conversation that
 * `telegram-bot.test.ts` plays both ways: the hub's notifications reach the chat through it (and fail,
 * saying why, while no bot process asks), its routes refuse what they should and change nothing, a
 * one-time code asked twice with one key is sent once, and `npm run bot`'s entry runs as a process.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { botTexts, CHOOSE_LANGUAGE } from '../../src-shared/i18n/telegram-bot'
import { telegramText } from '../../src-shared/notifications'
import { apiRequest, demoIntegrationKey, type ProblemBody } from '../support/api-client'
import { expectOk, makeTempDir, removeDataDir, type TestClient } from '../support/hub-harness'
import {
  BOT_API_KEY,
  botConfig,
  codeSentTo,
  REMOTE_SERVICE,
  startBotHub,
  type BotHub,
} from '../support/telegram-hub'
import { TelegramStandIn, type StandInUser } from '../support/telegram-standin'
import { createLogger } from '../../src-main/hub/logger'
import { startBotProcess } from '../../src-main/hub/telegram/bot-process'

const WAIT = { timeout: 20_000 }
const ru = botTexts.ru
const CLI = fileURLToPath(new URL('../../src-main/hub/cli-bot.ts', import.meta.url))

let standIn: TelegramStandIn
let bot: BotHub
let dataDir: string
let consultant: TestClient

beforeAll(async () => {
  standIn = await TelegramStandIn.start()
  dataDir = makeTempDir()
  const config = botConfig(standIn, {}, 'bot-process')
  bot = await startBotHub(standIn, {
    dataDir,
    // The outbox tries again within a second or two (the default waits 30 s, then longer).
    config: {
      ...config,
      notifications: { ...config.notifications!, retry: { baseSeconds: 1, maxSeconds: 2, maxAttempts: 50 } },
    },
    place: 'bot-process',
    notifierStores: true,
    // A bot process that stopped asking is gone after a second, not the default minute and a half.
    relay: { idleMs: 1_000, timeoutMs: 10_000 },
  })
  consultant = await bot.hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
})

afterAll(async () => {
  await bot?.close()
  await standIn?.close()
  if (dataDir) removeDataDir(dataDir)
})

async function linkChat(user: StandInUser, phone: string) {
  await user.text('/start')
  await user.next()
  await user.press('lang:ru')
  await user.next()
  await user.contact(phone)
  await user.next()
  await user.text(codeSentTo(bot.sms, phone))
  await user.next() // linked
  await user.next() // consent asked
  await user.press('consent:yes')
  await user.next() // consent given
  await user.next() // the menu
}

/** Joins the remote service from the chat; the ticket's number. */
async function join(user: StandInUser): Promise<string> {
  await user.press('menu:join')
  await user.next()
  await user.press(`join:${REMOTE_SERVICE}`)
  await user.next()
  await user.press(`travel:${REMOTE_SERVICE}:30`)
  await expect.poll(() => user.messages().some((m) => m.text.includes('Ваш талон:')), WAIT).toBe(true)
  const ticket = Object.values(bot.hub.hub.engine.state.tickets).findLast((t) => t.remote)!
  return ticket.number
}

/** The hub's relay to the bot process. */
const relayOf = (h: BotHub) => h.hub.hub.telegramRelay!

const api = (path: string, init: Parameters<typeof apiRequest>[2] = {}) =>
  apiRequest(bot.hub.url, `/api/v1/telegram${path}`, { key: BOT_API_KEY, ...init })

describe('the bot in its own process', () => {
  it("sends the hub's notifications to the chat, and the outbox records them sent", async () => {
    const user = standIn.user(8001)
    await linkChat(user, '+77011112233')
    const number = await join(user)
    const joined =
      bot.hub.hub.engine.state.tickets[
        Object.values(bot.hub.hub.engine.state.tickets).findLast((t) => t.remote)!.id
      ]!
    const expected = telegramText(
      'remoteJoined',
      { number, code: joined.remote!.code.replace(/(.{3})(.{3})/, '$1-$2') },
      'ru',
    )
    await expect.poll(() => user.messages().map((m) => m.text), WAIT).toContain(expected)
    await expect
      .poll(async () => {
        const rows = await bot.hub.hub.notifier.records.recent(10)
        return rows.find((r) => r.kind === 'remoteJoined' && r.channel === 'telegram')?.status
      }, WAIT)
      .toBe('sent')
  })

  it('fails a notification at once, saying why, while no bot process asks; a new process sends them once', async () => {
    const user = standIn.user(8002)
    const phone = '+77011112244'
    await linkChat(user, phone)
    const number = await join(user)
    await expect
      .poll(() => user.messages().some((m) => m.text.includes(`Талон ${number} получен`)), WAIT)
      .toBe(true)
    const { engine, notifier } = bot.hub.hub
    const mine = Object.values(engine.state.tickets).findLast((t) => t.remote)!
    await bot.process!.stop()
    await expect.poll(() => relayOf(bot).connected, WAIT).toBe(false)

    // The chat's ticket cancelled through the bot's own route (the bot is down, the hub is not), then
    // eGov Mobile joins for the same phone with Telegram named: its "ticket taken" cannot go now.
    const cancelled = await api(`/chats/8002/tickets/${mine.id}`, {
      method: 'DELETE',
      headers: { 'Idempotency-Key': 'c-8002' },
    })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toEqual({ label: number })
    const egov = await apiRequest(bot.hub.url, '/api/v1/remote-tickets', {
      method: 'POST',
      key: demoIntegrationKey(),
      headers: { 'Idempotency-Key': 'egov-8002' },
      body: { serviceId: REMOTE_SERVICE, phone, notify: ['telegram'] },
    })
    expect(egov.status).toBe(201)
    const again = (egov.body as { ticket: { number: string } }).ticket.number
    await expect
      .poll(async () => {
        const rows = await notifier.records.recent(20)
        const row = rows.find(
          (r) => r.kind === 'remoteJoined' && r.channel === 'telegram' && r.params.number === again,
        )
        return row && [row.status, row.error]
      }, WAIT)
      .toEqual(['pending', expect.stringContaining('no Telegram bot process is connected')])
    expect(user.messages().some((m) => m.text.includes(again))).toBe(false)

    // A bot process again: at the outbox's next try (every 1–2 s in this centre) the message goes, once.
    const restarted = startBotProcess({
      hubUrl: bot.hub.url,
      apiKey: BOT_API_KEY,
      token: standIn.token,
      apiRoot: standIn.apiRoot,
      logger: createLogger({ level: 'silent' }),
      outboxWaitSeconds: 2,
    })
    try {
      await restarted.ready
      const taken = `Талон ${again} получен`
      // The hub's clock (a test's own) reaches the next try.
      bot.clock.now += 5_000
      await expect.poll(() => user.messages().filter((m) => m.text.startsWith(taken)).length, WAIT).toBe(1)
      await expect
        .poll(async () => {
          const rows = await notifier.records.recent(20)
          return rows.find((r) => r.params.number === again && r.channel === 'telegram')?.status
        }, WAIT)
        .toBe('sent')
    } finally {
      await restarted.stop()
    }
  })

  it('refuses what a route should, naming the field, and changes nothing', async () => {
    const before = bot.sms.length
    // Another integration's key has no scope telegram.
    const other = await apiRequest(bot.hub.url, '/api/v1/telegram/settings', { key: demoIntegrationKey() })
    expect(other.status).toBe(403)
    expect((other.body as ProblemBody).code).toBe('insufficient_scope')
    // A chat id that is no private chat's, a phone that is no Kazakh mobile.
    const badChat = await api('/chats/-100123/code', {
      method: 'POST',
      headers: { 'Idempotency-Key': 'bad-chat' },
      body: { phone: '+77011112255' },
    })
    expect(badChat.status).toBe(400)
    expect((badChat.body as ProblemBody).errors?.map((e) => e.path)).toEqual(['path.chatId'])
    const badPhone = await api('/chats/8003/code', {
      method: 'POST',
      headers: { 'Idempotency-Key': 'bad-phone' },
      body: { phone: '+79161234567' },
    })
    expect(badPhone.status).toBe(400)
    expect((badPhone.body as ProblemBody).errors?.map((e) => e.path)).toEqual(['body.phone'])
    // A chat that never linked: nothing to show, join or consent to.
    for (const [path, method, body] of [
      ['/chats/8004/holdings', 'GET', undefined],
      ['/chats/8004/consent', 'PUT', { given: true }],
      ['/chats/8004/remote-tickets', 'POST', { serviceId: REMOTE_SERVICE, travelMinutes: 10 }],
    ] as const) {
      const answer = await api(path, {
        method,
        headers: { 'Idempotency-Key': `nl-${method}` },
        ...(body ? { body } : {}),
      })
      expect([path, answer.status, (answer.body as ProblemBody).code]).toEqual([path, 404, 'chat_not_linked'])
    }
    expect(bot.sms.length).toBe(before)
    // A wrong code says how many tries are left; a report of a message nobody waits for is not found.
    const sent = await api('/chats/8005/code', {
      method: 'POST',
      headers: { 'Idempotency-Key': 'code-8005' },
      body: { phone: '+77011112266' },
    })
    expect(sent.status).toBe(201)
    const { challengeId } = sent.body as { challengeId: string }
    const code = codeSentTo(bot.sms, '+77011112266')
    const wrong = await api('/chats/8005/link', {
      method: 'PUT',
      headers: { 'Idempotency-Key': 'link-8005-1' },
      body: { challengeId, code: code === '000000' ? '111111' : '000000', language: 'ru' },
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body).toMatchObject({ code: 'otp_wrong', attemptsLeft: 2 })
    const report = await api('/outbox/6f1c1e52-8f43-4b1e-9a53-2b0d3c1f0a11', {
      method: 'PUT',
      headers: { 'Idempotency-Key': 'r-1' },
      body: { sent: true },
    })
    expect(report.status).toBe(404)
  })

  it('sends one code for one Idempotency-Key however often it is sent, and refuses the key for another body', async () => {
    const phone = '+77011112277'
    const ask = (body: unknown) =>
      api('/chats/8006/code', { method: 'POST', headers: { 'Idempotency-Key': 'code-8006' }, body })
    const first = await ask({ phone })
    const second = await ask({ phone })
    expect(first.status).toBe(201)
    expect(second.body).toEqual(first.body)
    expect(bot.sms.filter((m) => m.to === phone)).toHaveLength(1)
    const other = await ask({ phone: '+77011112288' })
    expect(other.status).toBe(422)
    expect((other.body as ProblemBody).code).toBe('idempotency_key_reused')
    expect(bot.sms.filter((m) => m.to === '+77011112288')).toHaveLength(0)
  })
})

describe('npm run bot', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, KEZEK_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  const output = (child: ChildProcess) => {
    const lines = { out: '', err: '' }
    child.stdout!.on('data', (chunk: Buffer) => (lines.out += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (lines.err += chunk.toString()))
    return lines
  }
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)))

  it('runs the bot for the hub: a chat that writes /start is answered', async () => {
    // The in-test bot process steps aside: one process polls a bot's updates at a time.
    await bot.process?.stop()
    const child = run(['--hub', bot.hub.url, '--api-root', standIn.apiRoot], {
      KEZEK_BOT_API_KEY: BOT_API_KEY,
      KEZEK_TELEGRAM_TOKEN: standIn.token,
    })
    const lines = output(child)
    try {
      await expect
        .poll(() => lines.out, { timeout: 60_000 })
        .toContain('Kezek Telegram bot running for the hub at')
      const user = standIn.user(8101)
      await user.text('/start')
      expect((await user.next(30_000)).text).toBe(CHOOSE_LANGUAGE)
      await user.press('lang:ru')
      expect((await user.next(30_000)).text).toBe(ru.sharePhone)
    } finally {
      const done = exited(child)
      child.kill('SIGTERM')
      expect(await done).toBe(0)
    }
  }, 90_000)

  it('stops with one line naming what is wrong: a bad token, a wrong key', async () => {
    const badToken = run(['--hub', bot.hub.url], {
      KEZEK_BOT_API_KEY: BOT_API_KEY,
      KEZEK_TELEGRAM_TOKEN: 'nope',
    })
    const tokenLines = output(badToken)
    expect(await exited(badToken)).toBe(2)
    expect(tokenLines.err).toContain('kezek bot: the bot token is not a token as BotFather gives one')

    const wrongKey = run(['--hub', bot.hub.url, '--api-root', standIn.apiRoot], {
      KEZEK_BOT_API_KEY: 'kezek-test-not-the-key-0123456789abcdef',
      KEZEK_TELEGRAM_TOKEN: standIn.token,
    })
    const keyLines = output(wrongKey)
    expect(await exited(wrongKey)).toBe(2)
    expect(keyLines.err).toMatch(
      /kezek bot: the hub at .+ did not answer as it should: .*401 unauthenticated/,
    )
  }, 90_000)
})

describe('the config of a bot in its own process', () => {
  it('needs a key of scope telegram, and only such a bot may have one', () => {
    const withBot = botConfig(standIn, {}, 'bot-process')
    const noKey = centreConfigSchema.safeParse({
      ...withBot,
      integrations: withBot.integrations.filter((i) => !i.scopes.includes('telegram')),
    })
    expect(noKey.success).toBe(false)
    expect(noKey.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'telegram.runsIn',
        'a bot in its own process needs an integration with scope telegram (its key to the hub)',
      ],
    ])
    const inHub = centreConfigSchema.safeParse({ ...withBot, telegram: { username: standIn.username } })
    expect(inHub.error!.issues.map((i) => i.message)).toEqual([
      'scope telegram is for a bot in its own process: set telegram.runsIn to bot-process',
    ])
    const webhook = centreConfigSchema.safeParse({
      ...withBot,
      telegram: {
        ...withBot.telegram,
        mode: 'webhook',
        webhook: { url: 'https://centre.example.kz/api/telegram/webhook', secretEnv: 'SECRET' },
      },
    })
    expect(webhook.error!.issues.map((i) => i.message)).toEqual([
      'a bot in its own process (runsIn: bot-process) takes its updates by polling',
    ])
  })
})
