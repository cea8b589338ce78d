/**
 * What the centre's Telegram bot says (`src-main/hub/telegram/`), in Kazakh (first), Russian and English.
 * Plain functions rather than the faces' vue-i18n templates: the bot runs in the hub, and its texts take
 * numbers, codes and service names. Wait phrases come from the faces' one rule (`waitText`). Imported
 * from this file, not from the folder's index, so no face's bundle carries it.
 */
import type { Language } from '../config'

/** Why a step of the bot was refused, in the chat's language. */
export type BotRefusal =
  | 'not_own_contact'
  | 'phone_not_mobile'
  | 'code_invalid'
  | 'code_gone'
  | 'phone_busy'
  | 'sms_failed'
  | 'not_linked'
  | 'travel_invalid'
  | 'remote_join_off'
  | 'remote_join_full'
  | 'remote_daily_cap'
  | 'remote_phone_limit'
  | 'no_window_serves'
  | 'centre_closed'
  | 'unknown_service'
  | 'closed'
  | 'not_yours'
  | 'unknown_input'
  | 'busy'

export interface JoinedText {
  number: string
  service: string
  code: string
  ahead: number
  wait: string
}

export interface BotTexts {
  sharePhone: string
  sharePhoneButton: string
  codeSent(masked: string, minutes: number): string
  codeWrong(attemptsLeft: number): string
  linked: string
  consentAsk: string
  consentYes: string
  consentNo: string
  consentGiven: string
  consentDeclined: string
  consentWithdrawn: string
  menu: string
  menuJoin: string
  menuMine: string
  noServices: string
  pickService: string
  serviceButton(service: string, wait: string): string
  askTravel(service: string, max: number): string
  minutes(n: number): string
  joined(ticket: JoinedText): string
  mineEmpty: string
  mineTitle: string
  ticketLine(number: string, service: string, status: string): string
  ticketStatus: Record<'expected' | 'told' | 'held' | 'waiting' | 'called' | 'serving', string>
  bookingLine(code: string, service: string, when: string): string
  cancelButton(label: string): string
  cancelled(label: string): string
  refusal: Record<BotRefusal, string>
  /** `detail` is the hub's own words (English), shown when no better text exists. */
  refusedOther(detail: string): string
  commands: { start: string; menu: string; stop: string }
}

const kk: BotTexts = {
  sharePhone: 'Төмендегі батырмамен телефон нөміріңізді бөлісіңіз: оған SMS арқылы бір реттік код жібереміз.',
  sharePhoneButton: 'Нөмірімді бөлісу',
  codeSent: (masked, minutes) =>
    `${masked} нөміріне код жібердік. Оның 6 цифрын осында жазыңыз (${minutes} мин жарамды).`,
  codeWrong: (left) => `Код қате. Тағы ${left} рет көруге болады.`,
  linked: 'Телефоныңыз расталды, бұл чат оған байланыстырылды.',
  consentAsk:
    'Қашан келу керек екенін және қай терезеге бару керек екенін осында жазайық па? (/stop арқылы бас тартуға болады.)',
  consentYes: 'Иә, осында жазыңыз',
  consentNo: 'Жоқ, рақмет',
  consentGiven: 'Жарайды: хабарламаларды осында жібереміз.',
  consentDeclined: 'Жарайды: осында хабарлама жібермейміз.',
  consentWithdrawn: 'Telegram-дағы хабарламалардан бас тарттыңыз. Қайта қосу үшін: /start.',
  menu: 'Не істейміз?',
  menuJoin: 'Кезекке тұру',
  menuMine: 'Талондарым мен жазылуларым',
  noServices: 'Қазір үйден тұруға болатын кезек жоқ.',
  pickService: 'Қай қызмет? Күту уақыты — қазіргі жағдай бойынша.',
  serviceButton: (service, wait) => `${service} · ${wait}`,
  askTravel: (service, max) =>
    `${service}. Орталыққа жету үшін қанша уақыт керек? Батырманы басыңыз немесе минутты жазыңыз (${max}-ге дейін).`,
  minutes: (n) => `${n} мин`,
  joined: (t) =>
    `Талоныңыз: ${t.number} (${t.service}).\nКелу коды: ${t.code} — келгенде киоскіде енгізіңіз.\nАлдыңызда ${t.ahead} адам. ${t.wait}.\nКелетін уақыт болғанда осында жазамыз. Кезегіңіз келгенде келмесеңіз, талон біраз уақыт сақталады, содан кейін жойылады.`,
  mineEmpty: 'Сізде талон да, жазылу да жоқ.',
  mineTitle: 'Талондарыңыз бен жазылуларыңыз:',
  ticketLine: (number, service, status) => `Талон ${number} — ${service}: ${status}`,
  ticketStatus: {
    expected: 'күтілуде (келу уақытын жазамыз)',
    told: 'келу уақыты болды',
    held: 'кезегіңіз келді — тез келіңіз',
    waiting: 'тіркелдіңіз, күтіп тұрсыз',
    called: 'шақырылдыңыз',
    serving: 'қызмет көрсетілуде',
  },
  bookingLine: (code, service, when) => `Жазылу ${code} — ${service}, ${when}`,
  cancelButton: (label) => `${label} бас тарту`,
  cancelled: (label) => `${label}: бас тартылды.`,
  refusal: {
    not_own_contact: 'Бұл басқа адамның контактісі. Төмендегі батырмамен өз нөміріңізді бөлісіңіз.',
    phone_not_mobile: 'Бұл нөмір жарамайды: Қазақстанның ұялы нөмірі керек.',
    code_invalid: 'Код 6 цифрдан тұрады.',
    code_gone: 'Бұл код енді жарамсыз. Жаңа код алу үшін нөміріңізді қайта бөлісіңіз.',
    phone_busy: 'Бұл нөмірге тым көп код жіберілді. Кейінірек көріңіз.',
    sms_failed: 'SMS жіберілмеді. Бір минуттан кейін қайта көріңіз.',
    not_linked: 'Алдымен телефоныңызды растаңыз: /start.',
    travel_invalid: 'Минут санын жазыңыз, мысалы 20.',
    remote_join_off: 'Бұл қызметке үйден кезекке тұруға болмайды.',
    remote_join_full: 'Бұл қызметтің кезегі қазір толы. Кейінірек көріңіз.',
    remote_daily_cap: 'Орталық бүгінгі үйден тұратын орындарды таратып болды.',
    remote_phone_limit: 'Бұл нөмірде талондар жеткілікті. Бірінен бас тартыңыз немесе ертең көріңіз.',
    no_window_serves: 'Қазір бұл қызметті ешбір терезе көрсетпейді.',
    centre_closed: 'Орталық қазір жабық. Жұмыс уақытында кезекке тұрыңыз.',
    unknown_service: 'Бұл қызмет енді жоқ.',
    closed: 'Мұны енді өзгертуге болмайды.',
    not_yours: 'Бұл сіздің талоныңыз емес.',
    unknown_input: 'Мәзір батырмаларын пайдаланыңыз немесе басынан бастау үшін /start.',
    busy: 'Жүйе қазір бос емес. Сәлден соң қайта көріңіз.',
  },
  refusedOther: (detail) => `Орталық қабылдамады: ${detail}`,
  commands: { start: 'Бастау', menu: 'Мәзір', stop: 'Хабарламалардан бас тарту' },
}

const ru: BotTexts = {
  sharePhone: 'Поделитесь номером телефона кнопкой ниже: мы отправим на него одноразовый код по SMS.',
  sharePhoneButton: 'Поделиться номером',
  codeSent: (masked, minutes) =>
    `Мы отправили код на ${masked}. Напишите здесь его 6 цифр (действует ${minutes} мин).`,
  codeWrong: (left) => `Неверный код. Осталось попыток: ${left}.`,
  linked: 'Телефон подтверждён, этот чат привязан к нему.',
  consentAsk: 'Писать вам сюда, когда пора идти и к какому окну подойти? (Отказаться можно командой /stop.)',
  consentYes: 'Да, пишите сюда',
  consentNo: 'Нет, спасибо',
  consentGiven: 'Хорошо: уведомления будут приходить сюда.',
  consentDeclined: 'Хорошо: уведомлений сюда не будет.',
  consentWithdrawn: 'Вы отказались от уведомлений в Telegram. Включить снова: /start.',
  menu: 'Что сделать?',
  menuJoin: 'Встать в очередь',
  menuMine: 'Мои талоны и записи',
  noServices: 'Сейчас нет очередей, в которые можно встать из дома.',
  pickService: 'Какая услуга? Ожидание — на текущий момент.',
  serviceButton: (service, wait) => `${service} · ${wait}`,
  askTravel: (service, max) =>
    `${service}. Сколько вам добираться до центра? Нажмите кнопку или напишите минуты (до ${max}).`,
  minutes: (n) => `${n} мин`,
  joined: (t) =>
    `Ваш талон: ${t.number} (${t.service}).\nКод прихода: ${t.code} — введите его в киоске, когда придёте.\nПеред вами ${t.ahead} чел. ${t.wait}.\nМы напишем сюда, когда пора выходить. Если не придёте, когда подойдёт очередь, талон немного подождёт, затем сгорит.`,
  mineEmpty: 'У вас нет ни талонов, ни записей.',
  mineTitle: 'Ваши талоны и записи:',
  ticketLine: (number, service, status) => `Талон ${number} — ${service}: ${status}`,
  ticketStatus: {
    expected: 'ожидается (напишем, когда идти)',
    told: 'пора идти',
    held: 'очередь подошла — поторопитесь',
    waiting: 'вы отметились, ждёте вызова',
    called: 'вас вызвали',
    serving: 'вас обслуживают',
  },
  bookingLine: (code, service, when) => `Запись ${code} — ${service}, ${when}`,
  cancelButton: (label) => `Отменить ${label}`,
  cancelled: (label) => `${label}: отменено.`,
  refusal: {
    not_own_contact: 'Это чужой контакт. Поделитесь своим номером кнопкой ниже.',
    phone_not_mobile: 'Этот номер не подходит: нужен мобильный номер Казахстана.',
    code_invalid: 'Код — это 6 цифр.',
    code_gone: 'Этот код больше не действует. Поделитесь номером ещё раз, чтобы получить новый.',
    phone_busy: 'На этот номер отправлено слишком много кодов. Попробуйте позже.',
    sms_failed: 'SMS не отправилось. Попробуйте через минуту.',
    not_linked: 'Сначала подтвердите телефон: /start.',
    travel_invalid: 'Напишите число минут, например 20.',
    remote_join_off: 'В очередь на эту услугу нельзя встать из дома.',
    remote_join_full: 'Очередь на эту услугу сейчас заполнена. Попробуйте позже.',
    remote_daily_cap: 'Центр уже раздал все места для очереди из дома на сегодня.',
    remote_phone_limit: 'На этот номер уже взято достаточно талонов. Отмените один или попробуйте завтра.',
    no_window_serves: 'Сейчас эту услугу не ведёт ни одно окно.',
    centre_closed: 'Центр сейчас закрыт. Встаньте в очередь в часы работы.',
    unknown_service: 'Этой услуги больше нет.',
    closed: 'Это уже нельзя изменить.',
    not_yours: 'Это не ваш талон.',
    unknown_input: 'Пользуйтесь кнопками меню или начните заново: /start.',
    busy: 'Система сейчас занята. Попробуйте чуть позже.',
  },
  refusedOther: (detail) => `Центр не принял: ${detail}`,
  commands: { start: 'Начать', menu: 'Меню', stop: 'Отказаться от уведомлений' },
}

const en: BotTexts = {
  sharePhone: 'Share your phone number with the button below: we will send a one-time code to it by SMS.',
  sharePhoneButton: 'Share my number',
  codeSent: (masked, minutes) =>
    `We sent a code to ${masked}. Type its 6 digits here (valid for ${minutes} min).`,
  codeWrong: (left) => `Wrong code. Attempts left: ${left}.`,
  linked: 'Your phone is confirmed and this chat is linked to it.',
  consentAsk:
    'May we write to you here when it is time to come and which window to go to? (You can withdraw with /stop.)',
  consentYes: 'Yes, write to me here',
  consentNo: 'No, thanks',
  consentGiven: 'Done: notifications will come here.',
  consentDeclined: 'Fine: no notifications will be sent here.',
  consentWithdrawn: 'You withdrew Telegram notifications. To turn them on again: /start.',
  menu: 'What would you like to do?',
  menuJoin: 'Join a queue',
  menuMine: 'My tickets and bookings',
  noServices: 'No queue can be joined from home right now.',
  pickService: 'Which service? The waits are as of now.',
  serviceButton: (service, wait) => `${service} · ${wait}`,
  askTravel: (service, max) =>
    `${service}. How long does it take you to get to the centre? Tap a button or type the minutes (up to ${max}).`,
  minutes: (n) => `${n} min`,
  joined: (t) =>
    `Your ticket: ${t.number} (${t.service}).\nCheck-in code: ${t.code} — type it at the kiosk when you arrive.\n${t.ahead} people ahead of you. ${t.wait}.\nWe will write here when it is time to leave. If you are not there when your turn comes, the ticket is held a little while, then it lapses.`,
  mineEmpty: 'You have no tickets or bookings.',
  mineTitle: 'Your tickets and bookings:',
  ticketLine: (number, service, status) => `Ticket ${number} — ${service}: ${status}`,
  ticketStatus: {
    expected: 'expected (we will tell you when to come)',
    told: 'time to come',
    held: 'your turn has come — hurry',
    waiting: 'checked in, waiting to be called',
    called: 'you are called',
    serving: 'being served',
  },
  bookingLine: (code, service, when) => `Booking ${code} — ${service}, ${when}`,
  cancelButton: (label) => `Cancel ${label}`,
  cancelled: (label) => `${label}: cancelled.`,
  refusal: {
    not_own_contact: "That is someone else's contact. Share your own number with the button below.",
    phone_not_mobile: 'This number cannot be used: it must be a Kazakh mobile number.',
    code_invalid: 'The code is 6 digits.',
    code_gone: 'This code is no longer valid. Share your number again for a new one.',
    phone_busy: 'Too many codes were sent to this number. Try again later.',
    sms_failed: 'The SMS could not be sent. Try again in a minute.',
    not_linked: 'First confirm your phone: /start.',
    travel_invalid: 'Type a number of minutes, e.g. 20.',
    remote_join_off: 'This service cannot be queued for from home.',
    remote_join_full: 'The queue for this service is full right now. Try again later.',
    remote_daily_cap: 'The centre has given out all of today’s places for joining from home.',
    remote_phone_limit: 'This number holds enough tickets already. Cancel one, or try tomorrow.',
    no_window_serves: 'No window serves this service right now.',
    centre_closed: 'The centre is closed now. Join the queue during opening hours.',
    unknown_service: 'This service is no longer offered.',
    closed: 'This can no longer be changed.',
    not_yours: 'This is not your ticket.',
    unknown_input: 'Use the menu buttons, or /start to begin again.',
    busy: 'The system is busy right now. Try again in a moment.',
  },
  refusedOther: (detail) => `The centre refused: ${detail}`,
  commands: { start: 'Start', menu: 'Menu', stop: 'Stop notifications' },
}

export const botTexts: Record<Language, BotTexts> = { kk, ru, en }

/** The bot's first message, before a language is chosen: the question in all three. */
export const CHOOSE_LANGUAGE = 'Тілді таңдаңыз · Выберите язык · Choose a language'

/** The language buttons, each in its own language. */
export const LANGUAGE_NAMES: Record<Language, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' }
