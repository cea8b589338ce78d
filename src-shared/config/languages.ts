/**
 * The kiosk languages, Kazakh first. A module of its own, without zod, so that a page that needs only the
 * languages (the phone tracker) does not download the config's schemas.
 */
export const LANGUAGES = ['kk', 'ru', 'en'] as const
export type Language = (typeof LANGUAGES)[number]
