/**
 * The admin screen's words for a service's self-service scenario (the kiosk's guided egov.kz session)
 * in kk/ru/en; added under `admin` by `src-renderer/admin/admin-texts.ts`, like the rest of its words.
 */
export const adminScenarioKk = {
  scenario: {
    edit: 'Өзіне-өзі қызмет',
    title: '{name}: өзіне-өзі қызмет сценарийі',
    none: 'жоқ',
    column: 'Өзіне-өзі қызмет',
    how: 'Киоск бұл қызметті алдымен онлайн ұсынады; порталда азаматты қадам-қадаммен жүргізеді. Сақтағанда қызмет «онлайн» болып белгіленеді.',
    channels: 'Қайда жасауға болады',
    channel: {
      portal: 'egov.kz порталы (киоскте)',
      'egov-mobile': 'eGov Mobile',
      'telegram-bot': 'Telegram-бот',
    },
    needs: 'Азаматқа не керек',
    need: { iin: 'ЖСН', 'phone-binding': 'ЖСН-ге байланған телефон', eds: 'ЭЦҚ' },
    startUrl: 'Бастапқы бет',
    startUrlHint: 'Порталдағы https мекенжайы; рұқсат етілген домендер: {domains}',
    noDomains: 'орталық баптауларында жоқ',
    steps: 'Қадамдар',
    stepsHint: 'Порталда азамат көретін қадамдар, ретімен',
    step: '{n}-қадам',
    urlPattern: 'Бет мекенжайының үлгісі',
    urlPatternHint: '* — жол бөлігінің ішінде, ** — кез келген жалғасы',
    addStep: 'Қадам қосу',
    removeStep: 'Қадамды алып тастау',
    remove: 'Сценарийді алып тастау',
    removeTitle: '«{name}» сценарийін алып тастау керек пе?',
    removeWhat:
      'Киоск бұл қызметті онлайн ұсынуды және порталда жүргізуді бірден тоқтатады. Қызметтің өзі қалады.',
  },
  issues: {
    allowedDomain: 'рұқсат етілген доменде https болуы керек ({domains})',
    startRequired: 'портал арнасы үшін бастапқы бет міндетті',
    stepRequired: 'портал арнасы үшін кемінде бір қадам беріңіз',
    portalOnly:
      'бастапқы бет пен қадамдар порталға арналған: «egov.kz порталын» белгілеңіз немесе оларды алып тастаңыз',
    url: 'толық http(s) мекенжайы болуы керек',
    qr: 'бұл арна үшін орталықта QR-сілтеме жоқ ({field})',
    settings: 'орталықта өзіне-өзі қызмет баптаулары жоқ (рұқсат етілген домендер)',
  },
}

export const adminScenarioRu: typeof adminScenarioKk = {
  scenario: {
    edit: 'Самообслуживание',
    title: '{name}: сценарий самообслуживания',
    none: 'нет',
    column: 'Самообслуживание',
    how: 'Киоск сначала предлагает услугу онлайн и на портале ведёт гражданина по шагам. При сохранении услуга отмечается как «онлайн».',
    channels: 'Где можно получить',
    channel: {
      portal: 'Портал egov.kz (на киоске)',
      'egov-mobile': 'eGov Mobile',
      'telegram-bot': 'Telegram-бот',
    },
    needs: 'Что нужно гражданину',
    need: { iin: 'ИИН', 'phone-binding': 'Телефон, привязанный к ИИН', eds: 'ЭЦП' },
    startUrl: 'Начальная страница',
    startUrlHint: 'Адрес https на портале; разрешённые домены: {domains}',
    noDomains: 'не заданы в настройках центра',
    steps: 'Шаги',
    stepsHint: 'Шаги, которые гражданин видит на портале, по порядку',
    step: 'Шаг {n}',
    urlPattern: 'Шаблон адреса страницы',
    urlPatternHint: '* — внутри части пути, ** — любое продолжение',
    addStep: 'Добавить шаг',
    removeStep: 'Убрать шаг',
    remove: 'Убрать сценарий',
    removeTitle: 'Убрать сценарий услуги «{name}»?',
    removeWhat:
      'Киоск сразу перестанет предлагать эту услугу онлайн и вести по порталу. Сама услуга останется.',
  },
  issues: {
    allowedDomain: 'должен быть https на разрешённом домене ({domains})',
    startRequired: 'для канала портала нужна начальная страница',
    stepRequired: 'для канала портала нужен хотя бы один шаг',
    portalOnly: 'начальная страница и шаги ведут сеанс на портале: отметьте «Портал egov.kz» или уберите их',
    url: 'должен быть полным адресом http(s)',
    qr: 'у центра нет QR-ссылки для этого канала ({field})',
    settings: 'у центра нет настроек самообслуживания (разрешённых доменов)',
  },
}

export const adminScenarioEn: typeof adminScenarioKk = {
  scenario: {
    edit: 'Self-service',
    title: '{name}: self-service scenario',
    none: 'none',
    column: 'Self-service',
    how: 'The kiosk offers this service online first, and guides the citizen step by step on the portal. Saving marks the service as online.',
    channels: 'Where it can be done',
    channel: {
      portal: 'egov.kz portal (at the kiosk)',
      'egov-mobile': 'eGov Mobile',
      'telegram-bot': 'Telegram bot',
    },
    needs: 'What the citizen needs',
    need: { iin: 'IIN', 'phone-binding': 'A phone bound to the IIN', eds: 'Digital signature (EDS)' },
    startUrl: 'Start page',
    startUrlHint: 'An https address on the portal; allowed domains: {domains}',
    noDomains: 'none in the centre’s settings',
    steps: 'Steps',
    stepsHint: 'The steps the citizen sees on the portal, in order',
    step: 'Step {n}',
    urlPattern: 'Page address pattern',
    urlPatternHint: '* within a path part, ** anything after',
    addStep: 'Add a step',
    removeStep: 'Remove the step',
    remove: 'Remove the scenario',
    removeTitle: 'Remove the scenario of “{name}”?',
    removeWhat:
      'The kiosk stops offering this service online and guiding through the portal at once. The service itself stays.',
  },
  issues: {
    allowedDomain: 'must be https on an allowed domain ({domains})',
    startRequired: 'the portal channel needs a start page',
    stepRequired: 'give at least one step for the portal channel',
    portalOnly: 'a start page and steps guide a portal session: tick “egov.kz portal” or remove them',
    url: 'must be a whole http(s) address',
    qr: 'the centre has no QR link for this channel ({field})',
    settings: 'the centre has no self-service settings (allowed domains)',
  },
}
