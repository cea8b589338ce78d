/**
 * The staff sign-in's "choose your own password" step in Kazakh, Russian and English: the
 * `staffPassword` section, added by the sign-in form itself (staff faces only, not the phone tracker).
 */

export const staffPasswordKk = {
  title: 'Жаңа құпиясөз таңдаңыз',
  intro:
    '{name}, бұл құпиясөзді сізге әкімші берді. Жұмысты бастамас бұрын өзіңіздің құпиясөзіңізді ойлап табыңыз.',
  newPassword: 'Жаңа құпиясөз',
  repeat: 'Жаңа құпиясөзді қайталаңыз',
  hint: 'Кемінде {min} таңба; берілген құпиясөзден өзгеше.',
  submit: 'Сақтау және кіру',
  busy: 'Сақталуда…',
  back: 'Басқа логинмен кіру',
  tooShort: 'Құпиясөз кемінде {min} таңба болуы керек.',
  tooLong: 'Құпиясөз {max} таңбадан аспауы керек.',
  differ: 'Екі құпиясөз сәйкес келмейді.',
  same: 'Жаңа құпиясөз берілгеннен өзгеше болуы керек.',
  refused: 'Хаб бұл құпиясөзді қабылдамады: {reason}',
}

export const staffPasswordRu: typeof staffPasswordKk = {
  title: 'Выберите новый пароль',
  intro: '{name}, этот пароль вам выдал администратор. Прежде чем начать работу, придумайте свой.',
  newPassword: 'Новый пароль',
  repeat: 'Повторите новый пароль',
  hint: 'Не короче {min} символов; не такой, как выданный.',
  submit: 'Сохранить и войти',
  busy: 'Сохранение…',
  back: 'Войти под другим логином',
  tooShort: 'Пароль должен быть не короче {min} символов.',
  tooLong: 'Пароль должен быть не длиннее {max} символов.',
  differ: 'Пароли не совпадают.',
  same: 'Новый пароль должен отличаться от выданного.',
  refused: 'Хаб не принял этот пароль: {reason}',
}

export const staffPasswordEn: typeof staffPasswordKk = {
  title: 'Choose a new password',
  intro: '{name}, this password was given to you by an admin. Choose your own before you start work.',
  newPassword: 'New password',
  repeat: 'Repeat the new password',
  hint: 'At least {min} characters; not the one you were given.',
  submit: 'Save and sign in',
  busy: 'Saving…',
  back: 'Sign in with another login',
  tooShort: 'The password must be at least {min} characters.',
  tooLong: 'The password must be at most {max} characters.',
  differ: 'The two passwords differ.',
  same: 'The new password must differ from the one you were given.',
  refused: 'The hub did not accept this password: {reason}',
}
