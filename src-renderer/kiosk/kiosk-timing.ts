/** Without a touch for this long, the kiosk returns home in Kazakh and forgets the last person. */
export const KIOSK_IDLE_MS = 60_000
/** The ticket stays on screen this long after the last touch, then the kiosk returns home. */
export const KIOSK_TICKET_MS = 15_000
