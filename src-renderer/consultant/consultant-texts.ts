/**
 * The consultant's staff-only desk texts (`consultantDesk`), in kk/ru/en: added by the consultant's
 * components that show them (`addMessages`), not carried by every page, so the phone tracker stays light.
 */
import { consultantDeskEn, consultantDeskKk, consultantDeskRu } from '../../src-shared/i18n/consultant-desk'
import { addMessages } from '../i18n'

addMessages({
  kk: { consultantDesk: consultantDeskKk },
  ru: { consultantDesk: consultantDeskRu },
  en: { consultantDesk: consultantDeskEn },
})
