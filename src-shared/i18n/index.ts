/**
 * Message catalogues of the faces, as plain objects (vue-i18n format). Kazakh first and the default;
 * Russian; English. Texts of the centre itself (services, groups, categories) live in its config.
 */
import type { Language } from '../config'
import { en } from './en'
import { kk } from './kk'
import type { Messages } from './messages'
import { ru } from './ru'

export type { Messages } from './messages'
export { en, kk, ru }

export const DEFAULT_LANGUAGE: Language = 'kk'

export const catalogues: Record<Language, Messages> = { kk, ru, en }
export { formatLongDate, formatTime, localDate } from './calendar'
export { waitPhrase, waitText, type WaitPhrase } from './wait'
