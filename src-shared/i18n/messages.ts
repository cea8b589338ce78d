import type { kk } from './kk'

/** Same keys as the Kazakh catalogue, any text: Russian and English must translate every key. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

/** The shape of every message catalogue. Kazakh is the reference: a key added there must be added to all. */
export type Messages = Widen<typeof kk>
