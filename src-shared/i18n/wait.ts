/**
 * Which words a wait estimate is shown in: one rule for the kiosk, the printed ticket (in the page and
 * in the Electron printer) and the phone tracker. The texts are the catalogues' `wait` section.
 */
import type { WaitFields } from '../protocol/messages'
import type { Messages } from './messages'

export type WaitPhrase =
  | { key: 'wait.noWindow'; params: Record<string, never> }
  | { key: 'wait.now'; params: Record<string, never> }
  | { key: 'wait.about'; params: { n: number } }
  | { key: 'wait.range'; params: { n: number; low: number; high: number } }
  | { key: 'wait.upTo'; params: { n: number; high: number } }

/** The phrase for an estimate: no window, now, a point, or a point with its 80% range (or its top). */
export function waitPhrase(
  fields: Pick<WaitFields, 'windows' | 'estimateMinutes' | 'estimateLow' | 'estimateHigh'>,
): WaitPhrase {
  const { windows, estimateMinutes: n, estimateLow: low, estimateHigh: high } = fields
  if (windows === 0 || n === null) return { key: 'wait.noWindow', params: {} }
  if (n === 0) return { key: 'wait.now', params: {} }
  // A range that says no more than the point (5–5) is left out.
  if (low === null || high === null || low === high) return { key: 'wait.about', params: { n } }
  // "0–10 min" reads oddly: a range from nothing is "up to 10 min".
  if (low === 0) return { key: 'wait.upTo', params: { n, high } }
  return { key: 'wait.range', params: { n, low, high } }
}

/** The phrase in one catalogue, for code outside the faces' vue-i18n (the Electron printer). */
export function waitText(
  fields: Pick<WaitFields, 'windows' | 'estimateMinutes' | 'estimateLow' | 'estimateHigh'>,
  messages: Messages,
): string {
  const phrase = waitPhrase(fields)
  const template = messages.wait[phrase.key.slice('wait.'.length) as keyof Messages['wait']]
  const params: Record<string, number> = phrase.params
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole))
}
