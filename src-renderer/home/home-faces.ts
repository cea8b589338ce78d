import type { Language } from '../../src-shared/config'

/** A text shown in all three languages at once, Kazakh first, as on the centre's own signs. */
export type Trilingual = Record<Language, string>

export interface Face {
  /** The route a device or a person opens for this face. */
  path: '/kiosk' | '/consultant' | '/display' | '/supervisor' | '/book' | '/join'
  name: Trilingual
  purpose: Trilingual
}

export const FACES: readonly Face[] = [
  {
    path: '/kiosk',
    name: { kk: 'Киоск', ru: 'Киоск', en: 'Kiosk' },
    purpose: {
      kk: 'Талон алу және өз бетінше қызмет алу',
      ru: 'Получить талон или услугу самостоятельно',
      en: 'Take a ticket or use self-service',
    },
  },
  {
    path: '/consultant',
    name: { kk: 'Консультант', ru: 'Консультант', en: 'Consultant' },
    purpose: {
      kk: 'Талондарды шақыру және қызмет көрсету',
      ru: 'Вызов и обслуживание талонов',
      en: 'Call and serve tickets',
    },
  },
  {
    path: '/display',
    name: { kk: 'Зал таблосы', ru: 'Табло в зале', en: 'Hall display' },
    purpose: {
      kk: 'Шақырылған талондар мен терезелер',
      ru: 'Вызванные талоны и окна',
      en: 'Called tickets and windows',
    },
  },
  {
    path: '/supervisor',
    name: { kk: 'Супервайзер', ru: 'Супервайзер', en: 'Supervisor' },
    purpose: {
      kk: 'Кезек пен терезелерді бақылау',
      ru: 'Контроль очереди и окон',
      en: 'Queue and desk overview',
    },
  },
  {
    path: '/book',
    name: { kk: 'Алдын ала жазылу', ru: 'Запись', en: 'Booking' },
    purpose: {
      kk: 'Телефоннан ХҚО-ға уақытқа жазылу',
      ru: 'Записаться в ЦОН на время с телефона',
      en: 'Book a time at the centre from a phone',
    },
  },
  {
    path: '/join',
    name: { kk: 'Онлайн кезек', ru: 'Онлайн-очередь', en: 'Join the queue' },
    purpose: {
      kk: 'Бүгінгі кезекке үйден тұру',
      ru: 'Встать в сегодняшнюю очередь из дома',
      en: "Join today's queue from home",
    },
  },
]

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
