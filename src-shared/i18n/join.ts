/**
 * The `/join` page (join today's queue from home) and the tracker's words for a ticket joined so, in
 * Kazakh, Russian and English: the `join` section of each catalogue and the `remote` part of `track`.
 * Kept apart from the big catalogues so the feature reads in one place; Kazakh is the reference.
 */

export const joinKk = {
  title: 'Кезекке онлайн тұру',
  language: 'Тіл',
  intro: 'Бүгінгі кезекке үйден тұрыңыз: кезегіңіз жақындағанда келесіз.',
  service: {
    title: 'Қызметті таңдаңыз',
    ahead: 'алдыңызда {n} адам',
    none: 'Бұл орталықта қазір онлайн кезек жоқ.',
    cannot: 'Қазір тұруға болмайды',
  },
  reason: {
    no_window_serves: 'қазір бұл қызметке терезе ашық емес',
    remote_join_full: 'залда кезек толы',
    centre_closed: 'орталық қазір жабық',
    remote_daily_cap: 'бүгінгі онлайн орындар бітті',
    remote_join_off: 'бұл қызметке онлайн кезек жоқ',
    other: 'қазір мүмкін емес',
  },
  phone: {
    title: 'Ұялы телефон',
    hint: 'Осы нөмірге SMS-код келеді',
  },
  code: {
    confirm: 'Кодты растау',
  },
  travel: {
    title: 'Орталыққа қанша уақытта жетесіз?',
    hint: 'Кезегіңіз осы уақытқа жақындағанда «қазір келіңіз» деп хабарлаймыз.',
    minutes: '{n} мин',
    notifyNone: 'Белгілемесеңіз, бақылау бетін ашық ұстаңыз: онда бәрі көрінеді.',
    join: 'Кезекке тұру',
  },
  done: {
    title: 'Сіз кезектесіз',
    number: 'Талон нөмірі',
    code: 'Тіркелу коды',
    qr: 'Киоскке арналған QR код',
    nextTitle: 'Енді не істеу керек',
    nextCome: 'Кезегіңіз жақындағанда «қазір келіңіз» деп хабарлаймыз.',
    nextCheckIn:
      'Келгенде киоскіде осы кодты енгізіңіз немесе QR кодты сканерге көрсетіңіз: содан кейін ғана шақырыласыз.',
    track: 'Кезекті бақылау',
    cancel: 'Кезектен шығу',
    cancelQuestion: 'Кезектен шынымен шығасыз ба? Орныңыз басқаларға беріледі.',
    cancelYes: 'Иә, шығу',
    cancelNo: 'Жоқ, қалу',
    cancelled: 'Талон жойылды. Қажет болса, қайта кезекке тұрыңыз.',
    again: 'Тағы кезекке тұру',
  },
  refusal: {
    remote_phone_limit: 'Бұл нөмірдің бүгін кезекте талоны бар немесе талондар шегіне жетті.',
    remote_daily_cap: 'Бүгінгі онлайн орындар бітті. Орталыққа келіп, киосктен талон алыңыз.',
    remote_join_full: 'Залда кезек толы: қазір онлайн тұруға болмайды. Кейінірек қайталаңыз.',
    no_window_serves: 'Қазір бұл қызметке терезе ашық емес. Кейінірек қайталаңыз.',
    centre_closed: 'Орталық қазір жабық. Жұмыс уақытында қайталаңыз.',
    remote_join_off: 'Бұл қызметке онлайн кезекке тұруға болмайды.',
    invalid_payload: 'Жол уақыты тым ұзақ. Қысқасын таңдаңыз.',
    ticket_link_invalid: 'Сілтеме қате немесе талон ескірген.',
    invalid_transition: 'Бұл талонды енді өзгертуге болмайды.',
    forbidden: 'Сізді шақырып жатыр: талонды енді жоюға болмайды.',
  },
} as const

/** The tracker of a ticket joined from home, until its holder checks in. */
export const trackRemoteKk = {
  expectedTitle: 'Киоскіде тіркелгенше сіз кезекте емессіз',
  expectedBody: 'Орныңыз сақтаулы. Кезегіңіз жақындағанда «қазір келіңіз» деп хабарлаймыз.',
  comeNowTitle: 'Қазір жолға шығыңыз',
  comeNowBody: 'Кезегіңіз жақындады: ≈ {wait}, алдыңызда {n} адам.',
  heldTitle: 'Кезегіңіз келді',
  heldBody: 'Киоскіде {time} дейін тіркеліңіз, әйтпесе талонның мерзімі өтеді.',
  code: 'Тіркелу коды',
  codeHint: 'Келгенде киоскіде осы кодты енгізіңіз немесе QR кодты сканерге көрсетіңіз.',
  lapsedBody: 'Кезегіңіз келді, бірақ сіз тіркелмедіңіз: талонның мерзімі өтті. Қажет болса, қайта тұрыңыз.',
} as const

export const joinRu = {
  title: 'Онлайн-очередь',
  language: 'Язык',
  intro: 'Встаньте в сегодняшнюю очередь из дома и приходите, когда подойдёт очередь.',
  service: {
    title: 'Выберите услугу',
    ahead: 'перед вами {n} чел.',
    none: 'В этом центре сейчас нет онлайн-очереди.',
    cannot: 'Сейчас встать нельзя',
  },
  reason: {
    no_window_serves: 'сейчас нет открытого окна для этой услуги',
    remote_join_full: 'очередь в зале заполнена',
    centre_closed: 'центр сейчас закрыт',
    remote_daily_cap: 'онлайн-места на сегодня закончились',
    remote_join_off: 'для этой услуги нет онлайн-очереди',
    other: 'сейчас недоступно',
  },
  phone: {
    title: 'Мобильный телефон',
    hint: 'На этот номер придёт SMS-код',
  },
  code: {
    confirm: 'Подтвердить код',
  },
  travel: {
    title: 'Сколько вам добираться до центра?',
    hint: 'Когда очередь подойдёт на это время, мы сообщим «приходите сейчас».',
    minutes: '{n} мин',
    notifyNone: 'Если не отмечать, держите страницу отслеживания открытой: там видно всё.',
    join: 'Встать в очередь',
  },
  done: {
    title: 'Вы в очереди',
    number: 'Номер талона',
    code: 'Код для отметки',
    qr: 'QR-код для киоска',
    nextTitle: 'Что дальше',
    nextCome: 'Когда очередь подойдёт, мы сообщим «приходите сейчас».',
    nextCheckIn:
      'Придя, введите этот код в киоске или покажите QR-код сканеру: только после этого вас вызовут.',
    track: 'Следить за очередью',
    cancel: 'Выйти из очереди',
    cancelQuestion: 'Точно выйти из очереди? Ваше место займут другие.',
    cancelYes: 'Да, выйти',
    cancelNo: 'Нет, остаться',
    cancelled: 'Талон отменён. Если нужно, встаньте в очередь снова.',
    again: 'Встать в очередь ещё раз',
  },
  refusal: {
    remote_phone_limit: 'У этого номера уже есть талон в очереди или исчерпан лимит на сегодня.',
    remote_daily_cap: 'Онлайн-места на сегодня закончились. Возьмите талон в киоске центра.',
    remote_join_full: 'Очередь в зале заполнена: онлайн встать сейчас нельзя. Попробуйте позже.',
    no_window_serves: 'Сейчас нет открытого окна для этой услуги. Попробуйте позже.',
    centre_closed: 'Центр сейчас закрыт. Попробуйте в часы работы.',
    remote_join_off: 'На эту услугу нельзя встать в очередь онлайн.',
    invalid_payload: 'Слишком долгая дорога. Выберите меньше.',
    ticket_link_invalid: 'Ссылка неверна или талон устарел.',
    invalid_transition: 'Этот талон уже нельзя изменить.',
    forbidden: 'Вас уже вызывают: отменить талон нельзя.',
  },
} as const

export const trackRemoteRu = {
  expectedTitle: 'Вы не в очереди зала, пока не отметитесь в киоске',
  expectedBody: 'Ваше место сохранено. Когда очередь подойдёт, мы сообщим «приходите сейчас».',
  comeNowTitle: 'Выходите сейчас',
  comeNowBody: 'Очередь подходит: ≈ {wait}, перед вами {n} чел.',
  heldTitle: 'Ваша очередь подошла',
  heldBody: 'Отметьтесь в киоске до {time}, иначе талон сгорит.',
  code: 'Код для отметки',
  codeHint: 'Придя, введите этот код в киоске или покажите QR-код сканеру.',
  lapsedBody: 'Ваша очередь подошла, но вы не отметились: талон сгорел. Если нужно, встаньте снова.',
} as const

export const joinEn = {
  title: 'Join the queue',
  language: 'Language',
  intro: "Join today's queue from home and come when your turn is near.",
  service: {
    title: 'Choose a service',
    ahead: '{n} ahead of you',
    none: 'This centre has no online queue right now.',
    cannot: 'Cannot join now',
  },
  reason: {
    no_window_serves: 'no window serves this service right now',
    remote_join_full: 'the hall is full',
    centre_closed: 'the centre is closed now',
    remote_daily_cap: "today's online places are taken",
    remote_join_off: 'this service has no online queue',
    other: 'not available now',
  },
  phone: {
    title: 'Mobile phone',
    hint: 'We send an SMS code to this number',
  },
  code: {
    confirm: 'Confirm the code',
  },
  travel: {
    title: 'How long do you need to reach the centre?',
    hint: 'When your turn is that close, we tell you to come now.',
    minutes: '{n} min',
    notifyNone: 'If you tick neither, keep the tracking page open: it shows everything.',
    join: 'Join the queue',
  },
  done: {
    title: 'You are in the queue',
    number: 'Ticket number',
    code: 'Check-in code',
    qr: 'QR code for the kiosk',
    nextTitle: 'What happens next',
    nextCome: 'When your turn is near, we tell you to come now.',
    nextCheckIn:
      'When you arrive, type this code at the kiosk or show the QR code to its scanner: only then are you called.',
    track: 'Follow the queue',
    cancel: 'Leave the queue',
    cancelQuestion: 'Leave the queue? Your place goes to others.',
    cancelYes: 'Yes, leave',
    cancelNo: 'No, stay',
    cancelled: 'The ticket is cancelled. Join again if you need to.',
    again: 'Join again',
  },
  refusal: {
    remote_phone_limit: 'This number already holds a ticket, or took as many as it may today.',
    remote_daily_cap: "Today's online places are taken. Take a ticket at the centre's kiosk.",
    remote_join_full: 'The hall is full: you cannot join online now. Try again later.',
    no_window_serves: 'No window serves this service right now. Try again later.',
    centre_closed: 'The centre is closed now. Try again during opening hours.',
    remote_join_off: 'This service cannot be joined online.',
    invalid_payload: 'That travel time is too long. Choose a shorter one.',
    ticket_link_invalid: 'The link is wrong or the ticket has expired.',
    invalid_transition: 'This ticket can no longer be changed.',
    forbidden: 'You are being called: the ticket can no longer be cancelled.',
  },
} as const

export const trackRemoteEn = {
  expectedTitle: 'You are not in the hall queue until you check in at the kiosk',
  expectedBody: 'Your place is kept. When your turn is near, we tell you to come now.',
  comeNowTitle: 'Set off now',
  comeNowBody: 'Your turn is near: ≈ {wait}, {n} ahead of you.',
  heldTitle: 'Your turn has come',
  heldBody: 'Check in at the kiosk by {time}, or the ticket lapses.',
  code: 'Check-in code',
  codeHint: 'When you arrive, type this code at the kiosk or show the QR code to its scanner.',
  lapsedBody: 'Your turn came but you did not check in: the ticket lapsed. Join again if you need to.',
} as const
