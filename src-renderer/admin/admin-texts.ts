/** The admin screen's and the pairing page's words in kk/ru/en, added to the catalogues by those faces. */
import { adminKk } from '../../src-shared/i18n/admin'
import { adminEn } from '../../src-shared/i18n/admin-en'
import { adminRu } from '../../src-shared/i18n/admin-ru'
import {
  adminAuditFieldsEn,
  adminAuditFieldsKk,
  adminAuditFieldsRu,
} from '../../src-shared/i18n/admin-audit-fields'
import { adminDeskWorkEn, adminDeskWorkKk, adminDeskWorkRu } from '../../src-shared/i18n/admin-desk-work'
import { adminScenarioEn, adminScenarioKk, adminScenarioRu } from '../../src-shared/i18n/admin-self-service'
import { pairEn, pairKk, pairRu } from '../../src-shared/i18n/pair'
import { addMessages } from '../i18n'

addMessages({
  kk: { admin: adminKk, pair: pairKk },
  ru: { admin: adminRu, pair: pairRu },
  en: { admin: adminEn, pair: pairEn },
})
// Deep-merged into `admin`: the scenario form's words.
addMessages({
  kk: { admin: adminScenarioKk },
  ru: { admin: adminScenarioRu },
  en: { admin: adminScenarioEn },
})
// Deep-merged into `admin`: the "work at the windows" tab's words.
addMessages({
  kk: { admin: adminDeskWorkKk },
  ru: { admin: adminDeskWorkRu },
  en: { admin: adminDeskWorkEn },
})
// Deep-merged into `admin.audit`: the change log's field names and the newer sections.
addMessages({
  kk: { admin: { audit: adminAuditFieldsKk } },
  ru: { admin: { audit: adminAuditFieldsRu } },
  en: { admin: { audit: adminAuditFieldsEn } },
})
