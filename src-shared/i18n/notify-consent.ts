/**
 * The boxes by which a citizen consents to be notified (SMS, Telegram), shared by the `/join` and `/book`
 * pages (`src-renderer/base/BaseNotifyConsent.vue`): the `notifyConsent` section of each catalogue.
 * What to say when none is ticked is each page's own (`join.travel.notifyNone`, `book.contact.notifyNone`).
 */

export const notifyConsentKk = {
  title: 'Қалай хабарлайық?',
  sms: 'SMS арқылы',
  telegram: 'Telegram арқылы',
  telegramHint: 'Алдымен ботты телефоныңызбен байланыстырыңыз:',
}

export const notifyConsentRu = {
  title: 'Как сообщить?',
  sms: 'По SMS',
  telegram: 'В Telegram',
  telegramHint: 'Сначала привяжите бота к своему телефону:',
}

export const notifyConsentEn = {
  title: 'How shall we tell you?',
  sms: 'By SMS',
  telegram: 'In Telegram',
  telegramHint: 'Link the bot to your phone first:',
}
