/**
 * The notifications' texts, one copy: SMS in Kazakh and Russian together (Kazakh first), within two
 * UCS-2 segments (134 characters) whatever the values (`tests/shared/notifications/texts.test.ts` checks
 * every kind with the longest realistic ones); Telegram in the language of the citizen's link. No name,
 * no IIN: a ticket's number, a window, times and a code are all they say.
 */
import type { Language, NotifyKind } from '../config'
import type { NotifyParams } from './types'

type Texts = (p: Required<NotifyParams>) => string

/** "~12 мин" or "10–15 мин": the range when the estimate has one. */
function wait(p: Required<NotifyParams>, unit: string): string {
  return p.low !== null && p.high !== null && p.low !== p.high
    ? `${p.low}–${p.high} ${unit}`
    : `~${p.minutes} ${unit}`
}

const SMS: Record<NotifyKind, Texts> = {
  bookingConfirmed: (p) =>
    `ХҚО: ${p.date} ${p.time} жазылдыңыз, код ${p.code}. ЦОН: вы записаны на ${p.date} ${p.time}, код ${p.code}.`,
  bookingReminder: (p) =>
    `ХҚО: ертең ${p.time} жазылуыңыз бар, код ${p.code}. ЦОН: завтра в ${p.time} ваша запись, код ${p.code}.`,
  bookingCancelled: (p) =>
    `ХҚО: ${p.date} ${p.time} жазылуыңыз жойылды. ЦОН: ваша запись на ${p.date} ${p.time} отменена.`,
  remoteJoined: (p) =>
    `ХҚО: ${p.number} талоны, келгенде код ${p.code}. Қашан шығу керегін айтамыз. ЦОН: талон ${p.number}, код ${p.code}. Сообщим, когда выходить.`,
  comeNow: (p) =>
    `ХҚО: ${p.number}, шығыңыз: кезек ${wait(p, 'мин')}, алдыңызда ${p.ahead} адам. ЦОН: ${p.number}, выходите: очередь ${wait(p, 'мин')}, перед вами ${p.ahead} чел.`,
  held: (p) =>
    `ХҚО: ${p.number} кезегіңіз келді, ${p.time} дейін тіркеліңіз. ЦОН: ${p.number}, ваша очередь, отметьтесь до ${p.time}.`,
  called: (p) =>
    `ХҚО: ${p.number}, ${p.window} терезеге өтіңіз. ЦОН: ${p.number}, пройдите к окну ${p.window}.`,
  lapsed: (p) => `ХҚО: ${p.number} талоныңыздың уақыты өтті. ЦОН: талон ${p.number} просрочен.`,
}

const TELEGRAM: Record<Language, Record<NotifyKind, Texts>> = {
  kk: {
    bookingConfirmed: (p) =>
      `Сіз ХҚО-ға ${p.date} күні ${p.time}-ге жазылдыңыз. Келгенде кодты енгізіңіз: ${p.code}.`,
    bookingReminder: (p) => `Еске салу: ертең ${p.time}-де ХҚО-ға жазылуыңыз бар. Код: ${p.code}.`,
    bookingCancelled: (p) => `${p.date} ${p.time} жазылуыңыз жойылды.`,
    remoteJoined: (p) =>
      `${p.number} талоны алынды. Келгенде киоскіге кодты енгізіңіз: ${p.code}. Шығатын уақыт келгенде хабарлаймыз.`,
    comeNow: (p) =>
      `${p.number}: шығыңыз! Күту шамамен ${wait(p, 'мин')}, алдыңызда ${p.ahead} адам. Келгенде киоскіде тіркеліңіз.`,
    held: (p) => `${p.number}: кезегіңіз келді. Талон ${p.time} дейін сақталады: киоскіде тіркеліңіз.`,
    called: (p) => `${p.number}: ${p.window} терезеге өтіңіз.`,
    lapsed: (p) => `${p.number} талонының уақыты өтті. Қажет болса, кезекке қайта тұрыңыз.`,
  },
  ru: {
    bookingConfirmed: (p) => `Вы записаны в ЦОН на ${p.date} в ${p.time}. Код для киоска: ${p.code}.`,
    bookingReminder: (p) => `Напоминание: завтра в ${p.time} ваша запись в ЦОН. Код: ${p.code}.`,
    bookingCancelled: (p) => `Ваша запись на ${p.date} ${p.time} отменена.`,
    remoteJoined: (p) =>
      `Талон ${p.number} получен. Код для киоска, когда придёте: ${p.code}. Мы сообщим, когда выходить.`,
    comeNow: (p) =>
      `${p.number}: выходите! Ждать около ${wait(p, 'мин')}, перед вами ${p.ahead} чел. По приходе отметьтесь в киоске.`,
    held: (p) => `${p.number}: ваша очередь подошла. Талон ждёт до ${p.time}: отметьтесь в киоске.`,
    called: (p) => `${p.number}: пройдите к окну ${p.window}.`,
    lapsed: (p) => `Срок талона ${p.number} истёк. Если нужно, встаньте в очередь снова.`,
  },
  en: {
    bookingConfirmed: (p) => `You are booked at the centre on ${p.date} at ${p.time}. Kiosk code: ${p.code}.`,
    bookingReminder: (p) => `Reminder: your visit to the centre is tomorrow at ${p.time}. Code: ${p.code}.`,
    bookingCancelled: (p) => `Your booking on ${p.date} at ${p.time} is cancelled.`,
    remoteJoined: (p) =>
      `Ticket ${p.number} taken. Kiosk code when you arrive: ${p.code}. We will tell you when to leave.`,
    comeNow: (p) =>
      `${p.number}: time to come! About ${wait(p, 'min')} to wait, ${p.ahead} ahead of you. Check in at the kiosk when you arrive.`,
    held: (p) => `${p.number}: your turn has come. The ticket waits until ${p.time}: check in at the kiosk.`,
    called: (p) => `${p.number}: please go to window ${p.window}.`,
    lapsed: (p) => `Ticket ${p.number} has lapsed. Join the queue again if you still need to.`,
  },
}

/** Fills the params a kind does not use, so every template reads a defined value. */
function complete(params: NotifyParams): Required<NotifyParams> {
  return {
    number: params.number ?? '',
    window: params.window ?? '',
    minutes: params.minutes ?? 0,
    low: params.low ?? null,
    high: params.high ?? null,
    ahead: params.ahead ?? 0,
    time: params.time ?? '',
    date: params.date ?? '',
    code: params.code ?? '',
  }
}

/** The SMS of a notification, Kazakh then Russian. */
export function smsText(kind: NotifyKind, params: NotifyParams): string {
  return SMS[kind](complete(params))
}

/** The Telegram message of a notification, in the language of the citizen's link. */
export function telegramText(kind: NotifyKind, params: NotifyParams, language: Language): string {
  return TELEGRAM[language][kind](complete(params))
}
