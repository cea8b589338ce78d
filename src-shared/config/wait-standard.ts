/**
 * The centre's wait standard (`alerts.waitStandardMinutes`): a visitor called later than this after
 * arriving waited "over the standard". One rule for the live view, its alerts, the reports and their
 * exports; zod-free, so the faces that read it do not carry the config's schemas.
 */

/** The standard of a centre whose config leaves it out (and of an older hub's public config). */
export const DEFAULT_WAIT_STANDARD_MINUTES = 15

/** The standard in ms of `config` as it is now (the admin may change it at any time). */
export function waitStandardMs(
  config: { alerts?: { waitStandardMinutes: number } } | null | undefined,
): number {
  return (config?.alerts?.waitStandardMinutes ?? DEFAULT_WAIT_STANDARD_MINUTES) * 60_000
}
