/**
 * The admin screen's words for "work at the windows" (pause reasons, visit outcomes, rating reasons, the
 * wait standard and the alert thresholds) in kk/ru/en; added under `admin` by
 * `src-renderer/admin/admin-texts.ts`, like the rest of its words.
 */
export const adminDeskWorkKk = {
  tabs: { work: 'Терезедегі жұмыс' },
  work: {
    id: 'Коды',
    serviceOutcomes: {
      own: 'Тек осы қызметтің нәтижелері (әйтпесе орталықтың барлық нәтижесі)',
      legend: 'Аяқтағанда белгіленетін нәтижелер',
    },
    remove: 'Алып тастау',
    pauses: {
      title: 'Үзіліс себептері',
      add: 'Себеп қосу',
      editTitle: 'Үзіліс себебі',
      limit: 'Шегі, минут',
      limitHint:
        'Осыдан ұзақ үзілісті терезе жолағы мен супервайзер белгілейді (1–480; бос: орталықтың үзіліс шегі)',
      removeTitle: '«{name}» себебін алып тастау керек пе?',
      removeWhat:
        'Консультанттар оны енді таңдай алмайды. Бұрынғы үзілістер есептерде «{id}» кодымен қалады.',
    },
    outcomes: {
      title: 'Қабылдау нәтижелері',
      add: 'Нәтиже қосу',
      editTitle: 'Қабылдау нәтижесі',
      removeTitle: '«{name}» нәтижесін алып тастау керек пе?',
      removeWhat:
        'Консультанттар оны енді таңдай алмайды. Белгіленген қабылдаулар есептерде «{id}» кодымен қалады.',
    },
    ratingReasons: {
      title: 'Бағалау себептері',
      add: 'Себеп қосу',
      editTitle: 'Бағалау себебі',
      scores: 'Қай бағамен ұсынылады',
      score: { low: 'төмен (1–3)', high: 'жоғары (4–5)', any: 'кез келген' },
      removeTitle: '«{name}» себебін алып тастау керек пе?',
      removeWhat: 'Азаматтарға енді ұсынылмайды. Бұрынғы бағалар есептерде «{id}» кодымен қалады.',
    },
    rules: {
      title: 'Стандарт пен ескертулер',
      waitStandard: 'Күту стандарты, минут',
      waitStandardHint:
        'Одан кеш шақырылған келуші стандарттан артық күтті: тікелей көрініс, ескертулер және есептер (1–240)',
      pauseLimit: 'Үзіліс шегі, минут',
      pauseLimitHint: 'Себебінің өз шегі болмаса, одан ұзақ үзіліс белгіленеді (1–600)',
      deviceOffline: 'Құрылғы байланыссыз, секунд',
      deviceOfflineHint: 'Киоск не табло осынша байланыссыз болса, ескерту (5–3600)',
      outcomeRequired: 'Әр аяқтауда нәтиже міндетті',
      outcomeRequiredHint: 'Әйтпесе консультант нәтижесіз аяқтай алады',
      ratingWindow: 'Бағалау мерзімі, минут',
      ratingWindowHint: 'Аяқталғаннан кейін азамат қанша уақыт баға бере алады (1–1440)',
    },
  },
}

export const adminDeskWorkRu: typeof adminDeskWorkKk = {
  tabs: { work: 'Работа у окон' },
  work: {
    id: 'Код',
    serviceOutcomes: {
      own: 'Только свои итоги для этой услуги (иначе все итоги центра)',
      legend: 'Итоги при завершении',
    },
    remove: 'Удалить',
    pauses: {
      title: 'Причины перерыва',
      add: 'Добавить причину',
      editTitle: 'Причина перерыва',
      limit: 'Предел, минут',
      limitHint:
        'Более долгий перерыв отмечают панель окна и супервайзер (1–480; пусто: предел перерыва центра)',
      removeTitle: 'Удалить причину «{name}»?',
      removeWhat:
        'Консультанты больше не смогут её выбрать. Прошлые перерывы останутся в отчётах с кодом «{id}».',
    },
    outcomes: {
      title: 'Итоги приёма',
      add: 'Добавить итог',
      editTitle: 'Итог приёма',
      removeTitle: 'Удалить итог «{name}»?',
      removeWhat:
        'Консультанты больше не смогут его выбрать. Отмеченные приёмы останутся в отчётах с кодом «{id}».',
    },
    ratingReasons: {
      title: 'Причины оценки',
      add: 'Добавить причину',
      editTitle: 'Причина оценки',
      scores: 'Предлагать при оценке',
      score: { low: 'низкой (1–3)', high: 'высокой (4–5)', any: 'любой' },
      removeTitle: 'Удалить причину «{name}»?',
      removeWhat: 'Гражданам её больше не предложат. Прошлые оценки останутся в отчётах с кодом «{id}».',
    },
    rules: {
      title: 'Норматив и оповещения',
      waitStandard: 'Норматив ожидания, минут',
      waitStandardHint:
        'Вызванный позже ждал сверх норматива: в мониторинге, его оповещениях и отчётах (1–240)',
      pauseLimit: 'Предел перерыва, минут',
      pauseLimitHint: 'Более долгий перерыв отмечается, если у причины нет своего предела (1–600)',
      deviceOffline: 'Устройство без связи, секунд',
      deviceOfflineHint: 'Киоск или табло без связи дольше — оповещение (5–3600)',
      outcomeRequired: 'Итог обязателен при каждом завершении',
      outcomeRequiredHint: 'Иначе консультант может завершить без итога',
      ratingWindow: 'Срок оценки, минут',
      ratingWindowHint: 'Сколько после завершения гражданин может оценить приём (1–1440)',
    },
  },
}

export const adminDeskWorkEn: typeof adminDeskWorkKk = {
  tabs: { work: 'Work at the windows' },
  work: {
    id: 'Code',
    serviceOutcomes: {
      own: 'Only its own outcomes for this service (otherwise all of the centre’s)',
      legend: 'Outcomes at finish',
    },
    remove: 'Remove',
    pauses: {
      title: 'Pause reasons',
      add: 'Add a reason',
      editTitle: 'Pause reason',
      limit: 'Limit, minutes',
      limitHint:
        'A longer pause is flagged on the desk bar and to the supervisor (1–480; empty: the centre’s pause limit)',
      removeTitle: 'Remove the reason “{name}”?',
      removeWhat: 'Consultants can no longer pick it. Past pauses stay in the reports under the code “{id}”.',
    },
    outcomes: {
      title: 'Visit outcomes',
      add: 'Add an outcome',
      editTitle: 'Visit outcome',
      removeTitle: 'Remove the outcome “{name}”?',
      removeWhat:
        'Consultants can no longer pick it. Coded visits stay in the reports under the code “{id}”.',
    },
    ratingReasons: {
      title: 'Rating reasons',
      add: 'Add a reason',
      editTitle: 'Rating reason',
      scores: 'Offered with',
      score: { low: 'low scores (1–3)', high: 'high scores (4–5)', any: 'any score' },
      removeTitle: 'Remove the reason “{name}”?',
      removeWhat:
        'Citizens are no longer offered it. Past ratings stay in the reports under the code “{id}”.',
    },
    rules: {
      title: 'Standard and alerts',
      waitStandard: 'Wait standard, minutes',
      waitStandardHint:
        'A visitor called later waited over the standard: on the live view, its alerts and the reports (1–240)',
      pauseLimit: 'Pause limit, minutes',
      pauseLimitHint: 'A longer pause is flagged when its reason has no limit of its own (1–600)',
      deviceOffline: 'Device offline after, seconds',
      deviceOfflineHint: 'A kiosk or display without a connection this long is flagged (5–3600)',
      outcomeRequired: 'An outcome is required at every finish',
      outcomeRequiredHint: 'Otherwise a consultant may finish without coding one',
      ratingWindow: 'Rating window, minutes',
      ratingWindowHint: 'How long after the finish a citizen may rate the visit (1–1440)',
    },
  },
}
