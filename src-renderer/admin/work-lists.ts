/**
 * The three lists of the "work at the windows" tab, each as the admin edits it: where it is in the
 * config (for the hub's issues), its items, and how a whole new list is saved (rating reasons are a
 * field of the `ratings` section, so their window is sent back unchanged with them).
 */
import type { AdminConfigView, LocalizedText, RatingReasonScores } from '../../src-shared/config'
import type { AdminOutcome } from '../stores/admin-config'

export type WorkListKind = 'pauses' | 'outcomes' | 'ratingReasons'
export const WORK_LISTS: readonly WorkListKind[] = ['pauses', 'outcomes', 'ratingReasons']

/** One item of any of the three lists: a pause reason has a limit, a rating reason its scores. */
export interface WorkItem {
  id: string
  name: LocalizedText
  limitMinutes?: number
  scores?: RatingReasonScores
}

export function workPath(kind: WorkListKind): (string | number)[] {
  return kind === 'pauses' ? ['pauseReasons'] : kind === 'outcomes' ? ['outcomes'] : ['ratings', 'reasons']
}

export function workItems(config: AdminConfigView | null, kind: WorkListKind): WorkItem[] {
  if (!config) return []
  return kind === 'pauses'
    ? config.pauseReasons
    : kind === 'outcomes'
      ? config.outcomes
      : config.ratings.reasons
}

type SaveList = (section: 'pauseReasons' | 'outcomes' | 'ratings', value: unknown) => Promise<AdminOutcome>

/** Saves `items` as the whole list of `kind`. */
export function saveWorkList(
  config: AdminConfigView | null,
  kind: WorkListKind,
  items: WorkItem[],
  save: SaveList,
): Promise<AdminOutcome> {
  if (kind === 'pauses') return save('pauseReasons', items)
  if (kind === 'outcomes') return save('outcomes', items)
  return save('ratings', { ...config?.ratings, reasons: items })
}
