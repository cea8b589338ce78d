/**
 * The first half of the conversation: the language, the phone shared with Telegram's contact button
 * (only the user's own: `contact.user_id` must be the sender's), a one-time code by SMS to it (the
 * hub's, with the desk's rules), the code typed in the chat, then the chat linked to the phone by the hub
 * and the consent to be notified here asked and recorded. `/stop` withdraws that consent.
 */
import { InlineKeyboard, Keyboard } from 'grammy'
import { LANGUAGES, type Language } from '../../../src-shared/config'
import { normalizePhone } from '../../../src-shared/kz/phone'
import { OTP_RULES } from '../../../src-shared/registration/otp'
import { CHOOSE_LANGUAGE, LANGUAGE_NAMES } from '../../../src-shared/i18n/telegram-bot'
import { CodeRefusal } from './bot-hub'
import type { BotComposer, BotContext, BotDeps } from './bot-context'

const TTL_MINUTES = Math.round(OTP_RULES.ttlMs / 60_000)

export function languageKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard()
  for (const language of LANGUAGES) keyboard.text(LANGUAGE_NAMES[language], `lang:${language}`)
  return keyboard
}

function contactKeyboard(deps: BotDeps, language: Language): Keyboard {
  return new Keyboard().requestContact(deps.texts(language).sharePhoneButton).resized().oneTime()
}

/** Asks for the phone: the contact button, in the chat's language. */
async function askContact(ctx: BotContext, deps: BotDeps, language: Language, first = '') {
  deps.sessions.of(ctx.chat.id).step = { kind: 'contact' }
  const text = first === '' ? deps.texts(language).sharePhone : `${first}\n${deps.texts(language).sharePhone}`
  await ctx.reply(text, { reply_markup: contactKeyboard(deps, language) })
}

export function registerLinkFlow(bot: BotComposer, deps: BotDeps): void {
  const { sessions } = deps

  bot.command('start', async (ctx) => {
    sessions.of(ctx.chat.id).step = { kind: 'idle' }
    await ctx.reply(CHOOSE_LANGUAGE, { reply_markup: languageKeyboard() })
  })

  bot.callbackQuery(/^lang:(kk|ru|en)$/, async (ctx) => {
    await ctx.answerCallbackQuery()
    const language = ctx.match[1] as Language
    const chatId = ctx.chat.id
    sessions.of(chatId).language = language
    if (await deps.hub.setLanguage(chatId, language)) return deps.showMenu(ctx, language)
    await askContact(ctx, deps, language)
  })

  bot.on('message:contact', async (ctx) => {
    const session = sessions.of(ctx.chat.id)
    if (session.language === null) return ctx.reply(CHOOSE_LANGUAGE, { reply_markup: languageKeyboard() })
    const language = session.language
    const { contact } = ctx.message
    if (contact.user_id === undefined || contact.user_id !== ctx.from.id)
      return askContact(ctx, deps, language, deps.texts(language).refusal.not_own_contact)
    const phone = normalizePhone(contact.phone_number)
    if (!phone.ok) return askContact(ctx, deps, language, deps.texts(language).refusal.phone_not_mobile)
    try {
      const sent = await deps.hub.sendCode(ctx.chat.id, phone.e164)
      session.step = { kind: 'code', challengeId: sent.challengeId }
      await ctx.reply(deps.texts(language).codeSent(sent.phoneMasked, TTL_MINUTES), {
        reply_markup: { remove_keyboard: true },
      })
    } catch (error) {
      if (!(error instanceof CodeRefusal)) throw error
      await ctx.reply(deps.texts(language).refusal[error.code === 'phone_busy' ? 'phone_busy' : 'sms_failed'])
    }
  })

  bot.callbackQuery(/^consent:(yes|no)$/, async (ctx) => {
    await ctx.answerCallbackQuery()
    const chatId = ctx.chat.id
    const language = deps.languageOf(chatId)
    const texts = deps.texts(language)
    const given = ctx.match[1] === 'yes'
    // Declining records nothing, but only a linked chat is asked.
    const linked = given ? await deps.hub.setConsent(chatId, true) : await deps.linked(chatId)
    if (!linked) return ctx.reply(texts.refusal.not_linked)
    await ctx.reply(given ? texts.consentGiven : texts.consentDeclined)
    await deps.showMenu(ctx, language)
  })

  bot.command('stop', async (ctx) => {
    const language = deps.languageOf(ctx.chat.id)
    if (!(await deps.hub.setConsent(ctx.chat.id, false)))
      return ctx.reply(deps.texts(language).refusal.not_linked)
    await ctx.reply(deps.texts(language).consentWithdrawn)
  })
}

/** A text typed while a code is awaited: the code checked, and on the right one the chat linked. */
export async function typedCode(ctx: BotContext, deps: BotDeps, challengeId: string, text: string) {
  const chatId = ctx.chat.id
  const language = deps.languageOf(chatId)
  const texts = deps.texts(language)
  const code = text.replace(/[\s-]/g, '')
  try {
    await deps.hub.confirmCode(chatId, challengeId, code, language)
  } catch (error) {
    if (!(error instanceof CodeRefusal)) throw error
    if (error.code === 'code_invalid') return ctx.reply(texts.refusal.code_invalid)
    if (error.code === 'code_wrong') return ctx.reply(texts.codeWrong(error.attemptsLeft ?? 0))
    return askContact(ctx, deps, language, texts.refusal.code_gone)
  }
  deps.sessions.of(chatId).step = { kind: 'idle' }
  deps.logger.info({ event: 'telegram-chat-linked' }, 'a Telegram chat was linked to a confirmed phone')
  await ctx.reply(texts.linked)
  await ctx.reply(texts.consentAsk, {
    reply_markup: new InlineKeyboard()
      .text(texts.consentYes, 'consent:yes')
      .text(texts.consentNo, 'consent:no'),
  })
}
