/**
 * The Telegram bot inside a real hub, against the Bot API stand-in (long polling): the whole
 * conversation from /start to a joined remote ticket, with every message checked in the chat's
 * language: the language asked first, a contact that is not the user's own refused, a wrong code, the
 * right code (the chat linked, the consent asked and recorded), the services with their wait, the
 * travel time, the ticket and its check-in code, my tickets and bookings, and cancelling each. Then the
 * refusals a citizen can meet, and a linked chat still known after the hub restarts.
 *
 * All of it twice: with the bot in the hub's process, and in its own (`npm run bot`: the same
 * conversation over the hub's integration API, `telegram.runsIn: bot-process`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daySlots, formatBookingCode, localDay } from '../../src-shared/domain'
import { botTexts, CHOOSE_LANGUAGE } from '../../src-shared/i18n/telegram-bot'
import { expectOk, makeTempDir, removeDataDir, type TestClient } from '../support/hub-harness'
import {
  codeSentTo,
  otherCode,
  REMOTE_SERVICE,
  startBotHub,
  type BotHub,
  type BotPlace,
} from '../support/telegram-hub'
import { TelegramStandIn, type SentMessage, type StandInUser } from '../support/telegram-standin'

const ru = botTexts.ru
const DAY = 24 * 60 * 60_000
const data = (message: SentMessage) => message.buttons.flat().map((b) => b.callback_data)
/** A service's Russian name in the demo centre. */
const ruName = (serviceId: string) => bot.hub.config.services.find((s) => s.id === serviceId)!.name.ru

let standIn: TelegramStandIn
let bot: BotHub
let dataDir: string
let consultant: TestClient

const PLACES: BotPlace[] = ['hub', 'bot-process']

describe.each(PLACES)('the Telegram bot in the %s', (place) => {
  beforeAll(async () => {
    standIn = await TelegramStandIn.start()
    dataDir = makeTempDir()
    bot = await startBotHub(standIn, { dataDir, place })
    // Window 1 serves the remote service: joining needs an open window.
    consultant = await bot.hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  })

  afterAll(async () => {
    await bot?.close()
    await standIn?.close()
    if (dataDir) removeDataDir(dataDir)
  })

  /** /start, a language, the own contact and the right code: a linked chat, consent given. */
  async function linkChat(user: StandInUser, phone: string, language: 'kk' | 'ru' | 'en' = 'ru') {
    await user.text('/start')
    await user.next()
    await user.press(`lang:${language}`)
    await user.next()
    await user.contact(phone)
    await user.next()
    await user.text(codeSentTo(bot.sms, phone))
    await user.next() // linked
    await user.next() // consent asked
    await user.press('consent:yes')
    await user.next() // consent given
    return user.next() // the menu
  }

  describe('from /start to a joined ticket', () => {
    it('walks a citizen through language, contact, code, consent, join, my tickets and cancel', async () => {
      const user = standIn.user(7001, 'Айгерим')
      const phone = '+77011234567'

      await user.text('/start')
      const ask = await user.next()
      expect(ask.text).toBe(CHOOSE_LANGUAGE)
      expect(data(ask)).toEqual(['lang:kk', 'lang:ru', 'lang:en'])

      await user.press('lang:ru')
      const share = await user.next()
      expect(share.text).toBe(ru.sharePhone)
      expect(share.keyboard.flat()).toEqual([{ text: ru.sharePhoneButton, request_contact: true }])

      // Someone else's contact card is refused, and no code is spent on it.
      await user.contact('+77017654321', 9999)
      const notOwn = await user.next()
      expect(notOwn.text).toContain(ru.refusal.not_own_contact)
      expect(bot.sms).toHaveLength(0)

      // Telegram gives the number without "+": the bot reads it as the registrar's desk does.
      await user.contact('77011234567')
      const sent = await user.next()
      expect(sent.text).toBe(ru.codeSent('+7 (701) ***-**-67', 5))
      expect(sent.removesKeyboard).toBe(true)
      expect(bot.sms.map((m) => m.to)).toEqual([phone])
      const code = codeSentTo(bot.sms, phone)

      await user.text('12ab')
      expect((await user.next()).text).toBe(ru.refusal.code_invalid)
      await user.text(otherCode(code))
      expect((await user.next()).text).toBe(ru.codeWrong(2))
      expect(await bot.hub.hub.vault.entries.find('telegram-chat', '7001')).toBeUndefined()

      await user.text(code)
      expect((await user.next()).text).toBe(ru.linked)
      const consent = await user.next()
      expect(consent.text).toBe(ru.consentAsk)
      expect(data(consent)).toEqual(['consent:yes', 'consent:no'])
      const phoneId = await bot.hub.hub.vault.entries.find('phone', phone)
      const chatEntryId = await bot.hub.hub.vault.entries.find('telegram-chat', '7001')
      expect(phoneId).toBeDefined()
      expect(await bot.links.chatOf(phoneId!)).toEqual({ chatEntryId, language: 'ru' })
      expect(await bot.consents.channelsOf(phoneId!)).toEqual([])

      await user.press('consent:yes')
      expect((await user.next()).text).toBe(ru.consentGiven)
      expect(await bot.consents.channelsOf(phoneId!)).toEqual(['telegram'])
      const menu = await user.next()
      expect(menu.text).toBe(ru.menu)
      expect(data(menu)).toEqual(['menu:join', 'menu:mine'])

      await user.press('menu:join')
      const services = await user.next()
      expect(services.text).toBe(ru.pickService)
      expect(data(services)).toEqual([`join:${REMOTE_SERVICE}`])
      // The service's Russian name and its wait now (window 1 is free).
      expect(services.buttons[0]![0]!.text).toBe(`${ruName(REMOTE_SERVICE)} · Сейчас: окно свободно`)

      await user.press(`join:${REMOTE_SERVICE}`)
      const travel = await user.next()
      expect(travel.text).toContain('Сколько вам добираться до центра?')
      expect(data(travel)).toContain(`travel:${REMOTE_SERVICE}:30`)
      await user.text('500')
      expect((await user.next()).text).toBe(`${ru.refusal.travel_invalid} (0–120)`)
      await user.text('25')
      const joined = await user.next()

      const [ticket] = Object.values(bot.hub.hub.engine.state.tickets).filter(
        (t) => t.remote?.phoneId === phoneId,
      )
      expect(ticket).toMatchObject({ status: 'expected', serviceId: REMOTE_SERVICE })
      expect(ticket!.remote).toMatchObject({ channel: 'telegram', travelMinutes: 25 })
      expect(joined.text).toContain(`Ваш талон: ${ticket!.number} (${ruName(REMOTE_SERVICE)}).`)
      expect(joined.text).toContain(`Код прихода: ${formatBookingCode(ticket!.remote!.code)}`)
      expect(joined.text).toContain('Перед вами 0 чел.')
      expect(joined.text).toContain('Мы напишем сюда, когда пора выходить.')

      await user.press('menu:mine')
      const mine = await user.next()
      expect(mine.text).toBe(
        [ru.mineTitle, ru.ticketLine(ticket!.number, ruName(REMOTE_SERVICE), ru.ticketStatus.expected)].join(
          '\n',
        ),
      )
      expect(data(mine)).toEqual([`cancel:t:${ticket!.id}`])

      await user.press(`cancel:t:${ticket!.id}`)
      expect((await user.next()).text).toBe(ru.cancelled(ticket!.number))
      expect(bot.hub.hub.engine.state.tickets[ticket!.id]!.status).toBe('cancelled')
      expect((await user.next()).text).toBe(ru.menu)

      // The commands are listed for Telegram's menu in each language.
      expect(standIn.callsOf('setMyCommands').map((c) => c.body.language_code)).toEqual([
        'kk',
        'ru',
        'en',
        undefined,
      ])
    })

    it('speaks the chosen language from the first answer on', async () => {
      for (const [id, language] of [
        [7101, 'kk'],
        [7102, 'en'],
      ] as const) {
        const user = standIn.user(id)
        await user.text('/start')
        await user.next()
        await user.press(`lang:${language}`)
        expect((await user.next()).text).toBe(botTexts[language].sharePhone)
        await user.contact('+77019990000', id + 1)
        expect((await user.next()).text).toContain(botTexts[language].refusal.not_own_contact)
      }
    })

    it('lists the bookings made for the phone, and cancels one as the citizen naming it', async () => {
      const user = standIn.user(7201)
      const phone = '+77012223344'
      await linkChat(user, phone)
      const { engine, vault } = bot.hub.hub
      const phoneId = await vault.entries.put('phone', phone, bot.clock.now)
      const personId = await vault.entries.put('iin', '900101300123', bot.clock.now)
      const day = localDay(bot.clock.now + DAY, bot.hub.config.centre.timeZone)
      const [slot] = daySlots(bot.hub.config, 'id-card-passport', day, { now: bot.clock.now })
      const made = await engine.submit(
        'citizen:web',
        'tg-test-booking',
        { kind: 'citizen', bookingId: null },
        {
          type: 'booking:make',
          serviceId: 'id-card-passport',
          slotStart: slot!.start,
          personId,
          phoneId,
          channel: 'web',
        },
      )
      expect(made.ok).toBe(true)
      const booking = Object.values(engine.state.bookings ?? {}).find((b) => b.phoneId === phoneId)!

      await user.press('menu:mine')
      const mine = await user.next()
      const code = formatBookingCode(booking.code)
      expect(mine.text.split('\n')[1]).toBe(
        `Запись ${code} — ${ruName('id-card-passport')}, 25 ноября, среда, 09:15`,
      )
      expect(data(mine)).toEqual([`cancel:b:${booking.id}`])

      await user.press(`cancel:b:${booking.id}`)
      expect((await user.next()).text).toBe(ru.cancelled(code))
      expect(engine.state.bookings![booking.id]!.status).toBe('cancelled')
    })

    it('refuses in the chat language what the centre refuses, and changes nothing', async () => {
      const user = standIn.user(7301)
      await linkChat(user, '+77013334455')
      const { engine } = bot.hub.hub
      const before = engine.state.seq

      // A forged button for a service not open from home: refused before the travel time is asked.
      await standIn.deliver({
        callback_query: {
          id: 'forged-0',
          from: { id: 7301, is_bot: false, first_name: 'A' },
          chat_instance: 'ci',
          data: 'join:id-card-passport',
          message: { message_id: 1, date: 1, chat: { id: 7301, type: 'private' }, text: 'x' },
        },
      })
      expect((await user.next()).text).toBe(ru.refusal.remote_join_off)
      await standIn.deliver({
        callback_query: {
          id: 'forged-1',
          from: { id: 7301, is_bot: false, first_name: 'A' },
          chat_instance: 'ci',
          data: 'travel:id-card-passport:20',
          message: { message_id: 1, date: 1, chat: { id: 7301, type: 'private' }, text: 'x' },
        },
      })
      expect((await user.next()).text).toBe(ru.refusal.remote_join_off)
      expect(engine.state.seq).toBe(before)

      // Someone else's ticket (the first test's chat joined and cancelled; take another's live one).
      await user.press('menu:join')
      await user.next()
      await user.press(`join:${REMOTE_SERVICE}`)
      await user.next()
      await user.press(`travel:${REMOTE_SERVICE}:30`)
      expect((await user.next()).text).toContain('Ваш талон:')
      // One at a time per phone (perPhoneAtOnce 1).
      await user.press('menu:join')
      await user.next()
      await user.press(`join:${REMOTE_SERVICE}`)
      await user.next()
      await user.press(`travel:${REMOTE_SERVICE}:30`)
      expect((await user.next()).text).toBe(ru.refusal.remote_phone_limit)

      const theirs = Object.values(engine.state.tickets).find((t) => t.remote && t.status === 'expected')!
      const stranger = standIn.user(7302)
      await linkChat(stranger, '+77014445566')
      const seq = engine.state.seq
      await standIn.deliver({
        callback_query: {
          id: 'forged-2',
          from: { id: 7302, is_bot: false, first_name: 'B' },
          chat_instance: 'ci',
          data: `cancel:t:${theirs.id}`,
          message: { message_id: 1, date: 1, chat: { id: 7302, type: 'private' }, text: 'x' },
        },
      })
      expect((await stranger.next()).text).toBe(ru.refusal.not_yours)
      expect(engine.state.seq).toBe(seq)
      expect(engine.state.tickets[theirs.id]!.status).toBe('expected')
    })

    it('sends no code to a number that is not a Kazakh mobile, nor too many to one', async () => {
      const user = standIn.user(7351)
      await user.text('/start')
      await user.next()
      await user.press('lang:ru')
      await user.next()
      await user.contact('+79161234567')
      expect((await user.next()).text).toBe(`${ru.refusal.phone_not_mobile}\n${ru.sharePhone}`)
      expect(bot.sms.filter((m) => m.to === '+79161234567')).toEqual([])
      // Five codes an hour to one phone (the desk's rule), however often it is shared.
      for (let i = 0; i < 5; i++) {
        await user.contact('+77016660000')
        expect((await user.next()).text).toContain('+7 (701) ***-**-00')
      }
      await user.contact('+77016660000')
      expect((await user.next()).text).toBe(ru.refusal.phone_busy)
      expect(bot.sms.filter((m) => m.to === '+77016660000')).toHaveLength(5)
    })

    it('asks an unlinked chat to confirm its phone first', async () => {
      const user = standIn.user(7401)
      await user.text('/menu')
      expect((await user.next()).text).toBe(botTexts.kk.refusal.not_linked)
      await user.text('hello')
      expect((await user.next()).text).toBe(CHOOSE_LANGUAGE)
    })

    it('withdraws the consent on /stop', async () => {
      const user = standIn.user(7501)
      await linkChat(user, '+77015556677')
      const phoneId = await bot.hub.hub.vault.entries.find('phone', '+77015556677')
      expect(await bot.consents.channelsOf(phoneId!)).toEqual(['telegram'])
      await user.text('/stop')
      expect((await user.next()).text).toBe(ru.consentWithdrawn)
      expect(await bot.consents.channelsOf(phoneId!)).toEqual([])
    })

    it('stops serving a chat whose link was ended', async () => {
      const user = standIn.user(7551)
      await linkChat(user, '+77015550011')
      const phoneId = await bot.hub.hub.vault.entries.find('phone', '+77015550011')
      await bot.links.unlink(phoneId!, bot.clock.now)
      await user.press('menu:mine')
      expect((await user.next()).text).toBe(ru.refusal.not_linked)
    })

    it('knows a linked chat after the hub restarts, in its language', async () => {
      const user = standIn.user(7601)
      await linkChat(user, '+77016667788', 'en')
      const { links, consents, clock } = bot
      await bot.close()
      bot = await startBotHub(standIn, { dataDir, links, consents, clock, place })
      await user.text('/menu')
      const menu = await user.next()
      expect(menu.text).toBe(botTexts.en.menu)
      expect(data(menu)).toEqual(['menu:join', 'menu:mine'])
    })
  })
})
