/** Ticket numbers: a prefix and the day's counter for it, e.g. `A007`. */

/** Width of the counter in a ticket number: `A` + `007`. Past 999 the number grows a digit, never repeats. */
export const NUMBER_WIDTH = 3

export function formatNumber(prefix: string, counter: number): string {
  return prefix + String(counter).padStart(NUMBER_WIDTH, '0')
}
