/** Pieces every section of the centre configuration uses: ids and texts in the kiosk languages. */
import { z } from 'zod'

export { LANGUAGES, type Language } from './languages'

/** A config id: services, groups, desks, staff and devices are named by one. */
export const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'must be 1–40 lowercase letters, digits or dashes, starting with a letter or digit',
  )

/** A local wall-clock time, `HH:MM` on the 24-hour clock; two of them compare as strings. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24-hour)')

/** A text in the three kiosk languages. Kazakh and Russian are required; English falls back to Russian. */
export const localizedTextSchema = z
  .object({
    kk: z.string().trim().min(1, 'Kazakh text is required').max(200),
    ru: z.string().trim().min(1, 'Russian text is required').max(200),
    en: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
export type LocalizedText = z.infer<typeof localizedTextSchema>
