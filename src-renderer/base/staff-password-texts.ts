/** The sign-in's "choose your own password" step in kk/ru/en, added by that step (staff faces only). */
import { staffPasswordEn, staffPasswordKk, staffPasswordRu } from '../../src-shared/i18n/staff-password'
import { addMessages } from '../i18n'

addMessages({
  kk: { staffPassword: staffPasswordKk },
  ru: { staffPassword: staffPasswordRu },
  en: { staffPassword: staffPasswordEn },
})
