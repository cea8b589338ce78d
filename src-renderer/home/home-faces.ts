import type { Language } from '../../src-shared/config'

/** A text shown in all three languages at once, Kazakh first, as on the centre's own signs. */
export type Trilingual = Record<Language, string>

export interface Face {
  /** Unique among the faces. */
  id: string
  /** The route a device or a person opens for this face. */
  path:
    | '/kiosk'
    | '/consultant'
    | '/display'
    | '/supervisor'
    | '/admin'
    | '/book'
    | '/join'
    | '/desk/sms-outbox'
  name: Trilingual
  purpose: Trilingual
  /** A paired device's face: linked with the demo's key when the hub accepts it, else how to pair. */
  device?: 'kiosk' | 'display'
  /** Shown only when the hub sends one-time codes to the demo outbox (`registration.sms.kind: outbox`). */
  onlyWithSmsOutbox?: true
}

export const FACES: readonly Face[] = [
  {
    id: 'kiosk',
    path: '/kiosk',
    device: 'kiosk',
    name: { kk: 'Киоск', ru: 'Киоск', en: 'Kiosk' },
    purpose: {
      kk: 'Талон алу және өз бетінше қызмет алу',
      ru: 'Получить талон или услугу самостоятельно',
      en: 'Take a ticket or use self-service',
    },
  },
  {
    id: 'consultant',
    path: '/consultant',
    name: { kk: 'Консультант', ru: 'Консультант', en: 'Consultant' },
    purpose: {
      kk: 'Талондарды шақыру және қызмет көрсету',
      ru: 'Вызов и обслуживание талонов',
      en: 'Call and serve tickets',
    },
  },
  {
    id: 'display',
    path: '/display',
    device: 'display',
    name: { kk: 'Зал таблосы', ru: 'Табло в зале', en: 'Hall display' },
    purpose: {
      kk: 'Шақырылған талондар мен терезелер',
      ru: 'Вызванные талоны и окна',
      en: 'Called tickets and windows',
    },
  },
  {
    id: 'registration',
    path: '/consultant',
    name: { kk: 'Тіркеу үстелі', ru: 'Стойка регистрации', en: 'Registration desk' },
    purpose: {
      kk: 'Мобильді азаматтарды тіркеу: тіркеуші ретінде кіріңіз',
      ru: 'Регистрация мобильных граждан: войдите как регистратор',
      en: 'Mobile-citizen registration: sign in as a registrar',
    },
  },
  {
    id: 'supervisor',
    path: '/supervisor',
    name: { kk: 'Супервайзер', ru: 'Супервайзер', en: 'Supervisor' },
    purpose: {
      kk: 'Кезек пен терезелерді бақылау',
      ru: 'Контроль очереди и окон',
      en: 'Queue and desk overview',
    },
  },
  {
    id: 'admin',
    path: '/admin',
    name: { kk: 'Әкімші', ru: 'Администратор', en: 'Admin' },
    purpose: {
      kk: 'Қызметкерлер, қызметтер мен терезелерді баптау',
      ru: 'Настройка сотрудников, услуг и окон',
      en: 'Set up staff, services and windows',
    },
  },
  {
    id: 'book',
    path: '/book',
    name: { kk: 'Алдын ала жазылу', ru: 'Запись', en: 'Booking' },
    purpose: {
      kk: 'Телефоннан ХҚО-ға уақытқа жазылу',
      ru: 'Записаться в ЦОН на время с телефона',
      en: 'Book a time at the centre from a phone',
    },
  },
  {
    id: 'join',
    path: '/join',
    name: { kk: 'Онлайн кезек', ru: 'Онлайн-очередь', en: 'Join the queue' },
    purpose: {
      kk: 'Бүгінгі кезекке үйден тұру',
      ru: 'Встать в сегодняшнюю очередь из дома',
      en: "Join today's queue from home",
    },
  },
  {
    id: 'sms-outbox',
    path: '/desk/sms-outbox',
    onlyWithSmsOutbox: true,
    name: { kk: 'SMS жәшігі', ru: 'Ящик SMS', en: 'SMS outbox' },
    purpose: {
      kk: 'Демо: телефонға жіберілген бір реттік кодтар',
      ru: 'Демо: одноразовые коды, отправленные на телефон',
      en: 'Demo: the one-time codes sent to phones',
    },
  },
]

/** Under a kiosk or display the hub has no demo key for: how a centre pairs the device. */
export function pairingHint(role: 'kiosk' | 'display'): Trilingual {
  const url = `/${role}?device=<id>&key=<key>`
  return {
    kk: `Құрылғы жұптастырылмаған. Құрылғыда бір рет ${url} ашыңыз (id мен кілт орталық конфигурациясында) немесе қабықты --device және --key арқылы іске қосыңыз.`,
    ru: `Устройство не сопряжено. Откройте на нём один раз ${url} (id и ключ — в конфигурации центра) или запустите оболочку с --device и --key.`,
    en: `Not paired. On the device, open ${url} once (the id and key are in the centre config), or start its shell with --device and --key.`,
  }
}

export const HOME_TEXT = {
  /** Shown until the hub has told us the centre's own name. */
  defaultTitle: {
    kk: 'Халыққа қызмет көрсету орталығы',
    ru: 'Центр обслуживания населения',
    en: 'Citizen service centre',
  },
  status: {
    checking: { kk: 'Байланыс тексерілуде…', ru: 'Проверка связи…', en: 'Checking the hub…' },
    online: { kk: 'Жүйе жұмыс істеп тұр', ru: 'Система работает', en: 'The hub is running' },
    degraded: {
      kk: 'Жүйеде ақау бар',
      ru: 'Неполадка в системе',
      en: 'The hub reports a problem',
    },
    unreachable: { kk: 'Хабпен байланыс жоқ', ru: 'Нет связи с хабом', en: 'The hub cannot be reached' },
  },
} as const satisfies {
  defaultTitle: Trilingual
  status: Record<string, Trilingual>
}
