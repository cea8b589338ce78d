/** The centre's service windows. */
import { z } from 'zod'
import { id } from './common'

export const deskSchema = z
  .object({
    id,
    /** What the hall display shows and the voice says: "window 3". */
    label: z.string().trim().min(1).max(8),
    /** Services this desk serves unless the consultant chooses otherwise. */
    serviceIds: z.array(id).min(1, 'a desk must serve at least one service'),
  })
  .strict()
export type DeskConfig = z.infer<typeof deskSchema>
