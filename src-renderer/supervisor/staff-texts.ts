/**
 * The supervisor's live view, acts and reports, in kk/ru/en: added to the catalogues by the faces that show
 * them (the supervisor's pages, the consultant's notes of the acts), not carried by every page
 * (`addMessages`), so the tracker a citizen opens on a phone stays light.
 */
import { actsEn, actsKk, actsRu } from '../../src-shared/i18n/acts'
import { reportsEn, reportsKk, reportsRu } from '../../src-shared/i18n/reports'
import { supervisorEn, supervisorKk, supervisorRu } from '../../src-shared/i18n/supervisor'
import { addMessages } from '../i18n'

addMessages({
  kk: { acts: actsKk, reports: reportsKk, supervisor: supervisorKk },
  ru: { acts: actsRu, reports: reportsRu, supervisor: supervisorRu },
  en: { acts: actsEn, reports: reportsEn, supervisor: supervisorEn },
})
