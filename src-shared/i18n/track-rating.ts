/** The tracker's rating after service ("How was it?"), in the three languages. */

export const trackRatingKk = {
  ask: 'Қызмет көрсету қалай болды?',
  scale: 'Баға: 1 — өте нашар, 5 — өте жақсы',
  scores: { s1: 'Өте нашар', s2: 'Нашар', s3: 'Орташа', s4: 'Жақсы', s5: 'Өте жақсы' },
  reasonLow: 'Не ұнамады? (міндетті емес)',
  reasonHigh: 'Не ұнады? (міндетті емес)',
  send: 'Бағаны жіберу',
  sending: 'Жіберілуде…',
  thanks: 'Бағаңызға рахмет!',
  given: 'Сіздің бағаңыз: {score} / 5',
  alreadyRated: 'Бұл талон бағаланып қойған. Рахмет!',
  closed: 'Бұл талонды бағалау уақыты өтті.',
  failed: 'Бағаны жіберу мүмкін болмады. Қайталап көріңіз.',
  offline: 'Байланыс жоқ. Қайталап көріңіз.',
  anonymous: 'Баға жасырын: сіздің атыңыз бен телефоныңыз сақталмайды.',
} as const

export const trackRatingRu = {
  ask: 'Как вас обслужили?',
  scale: 'Оценка: 1 — очень плохо, 5 — отлично',
  scores: { s1: 'Очень плохо', s2: 'Плохо', s3: 'Нормально', s4: 'Хорошо', s5: 'Отлично' },
  reasonLow: 'Что было не так? (необязательно)',
  reasonHigh: 'Что понравилось? (необязательно)',
  send: 'Отправить оценку',
  sending: 'Отправляем…',
  thanks: 'Спасибо за оценку!',
  given: 'Ваша оценка: {score} из 5',
  alreadyRated: 'Этот талон уже оценён. Спасибо!',
  closed: 'Время для оценки этого талона истекло.',
  failed: 'Не удалось отправить оценку. Попробуйте ещё раз.',
  offline: 'Нет связи. Попробуйте ещё раз.',
  anonymous: 'Оценка анонимна: ваше имя и телефон не сохраняются.',
} as const

export const trackRatingEn = {
  ask: 'How was it?',
  scale: 'Score: 1 — very poor, 5 — excellent',
  scores: { s1: 'Very poor', s2: 'Poor', s3: 'OK', s4: 'Good', s5: 'Excellent' },
  reasonLow: 'What went wrong? (optional)',
  reasonHigh: 'What went well? (optional)',
  send: 'Send my rating',
  sending: 'Sending…',
  thanks: 'Thank you for your rating!',
  given: 'Your rating: {score} of 5',
  alreadyRated: 'This ticket has already been rated. Thank you!',
  closed: 'The time to rate this ticket is over.',
  failed: 'Your rating could not be sent. Please try again.',
  offline: 'No connection. Please try again.',
  anonymous: 'Ratings are anonymous: your name and phone are not kept.',
} as const

/** The supervisor's panel of today's ratings. */
export const supervisorRatingsKk = {
  title: 'Азаматтардың бағалары',
  summary: 'Бүгін: {count} баға, орташа {average}',
  empty: 'Бүгін әзірге баға жоқ.',
  byService: 'Қызмет бойынша',
  byWindow: 'Терезе бойынша',
  byConsultant: 'Консультант бойынша',
  name: 'Атауы',
  window: 'Терезе {label}',
  average: 'Орташа',
  count: 'Саны',
} as const

export const supervisorRatingsRu = {
  title: 'Оценки граждан',
  summary: 'Сегодня: {count} оценок, в среднем {average}',
  empty: 'Сегодня оценок пока нет.',
  byService: 'По услугам',
  byWindow: 'По окнам',
  byConsultant: 'По консультантам',
  name: 'Название',
  window: 'Окно {label}',
  average: 'Средняя',
  count: 'Кол-во',
} as const

export const supervisorRatingsEn = {
  title: "Citizens' ratings",
  summary: 'Today: {count} ratings, average {average}',
  empty: 'No ratings yet today.',
  byService: 'By service',
  byWindow: 'By window',
  byConsultant: 'By consultant',
  name: 'Name',
  window: 'Window {label}',
  average: 'Average',
  count: 'Votes',
} as const
