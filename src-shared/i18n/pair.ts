/** The `/pair` page in Kazakh, Russian and English: the `pair` section of each catalogue. */

/** The `/pair` page of a kiosk or display: the code from the admin screen, then its own face. */
export const pairKk = {
  title: 'Құрылғыны жұптастыру',
  intro: 'Әкімші экранындағы жұптастыру кодын енгізіңіз.',
  code: 'Жұптастыру коды',
  codeHint: '8 таңба, мысалы K7MQ-42PX',
  submit: 'Жұптастыру',
  busy: 'Тексерілуде…',
  wrong: 'Код қате, пайдаланылған немесе 10 минуттан ескі. Әкімшіден жаңа код сұраңыз.',
  locked: 'Қате код тым көп енгізілді. Бір минуттан кейін қайталаңыз.',
  offline: 'Хабқа жету мүмкін болмады. Желіні тексеріп, қайталаңыз.',
  done: 'Жұптастырылды: {kind} ашылуда…',
}

export const pairRu: typeof pairKk = {
  title: 'Сопряжение устройства',
  intro: 'Введите код сопряжения с экрана администратора.',
  code: 'Код сопряжения',
  codeHint: '8 символов, например K7MQ-42PX',
  submit: 'Сопрячь',
  busy: 'Проверка…',
  wrong: 'Код неверный, уже использован или старше 10 минут. Попросите у администратора новый.',
  locked: 'Слишком много неверных кодов. Попробуйте через минуту.',
  offline: 'Хаб недоступен. Проверьте сеть и попробуйте ещё раз.',
  done: 'Сопряжено: открывается {kind}…',
}

export const pairEn: typeof pairKk = {
  title: 'Pair this device',
  intro: 'Type the pairing code the admin screen shows.',
  code: 'Pairing code',
  codeHint: '8 characters, e.g. K7MQ-42PX',
  submit: 'Pair',
  busy: 'Checking…',
  wrong: 'The code is wrong, used, or older than 10 minutes. Ask the admin for a new one.',
  locked: 'Too many wrong codes. Try again in a minute.',
  offline: 'The hub cannot be reached. Check the network and try again.',
  done: 'Paired: opening the {kind}…',
}
