/**
 * A report of the centre over a range of its days (`GET /api/reports`): plain data, for the supervisor's
 * reports page, its charts and the CSV export. Times are ms; a figure nothing measured is null.
 */

export interface WaitFigures {
  /** Waits measured: tickets called at least once (from issue, or check-in for those joined from home). */
  measured: number
  averageMs: number | null
  /** Percentiles as PostgreSQL's `percentile_cont` gives them (linear between the two nearest waits). */
  medianMs: number | null
  p90Ms: number | null
  /** Waits longer than the standard, and their share of those measured (0–1). */
  overStandard: number
  overStandardShare: number | null
}

/** The figures of one group of tickets: a service, a window, a consultant, an hour, a weekday, or all. */
export interface GroupFigures {
  /** The service, window or staff id; the hour `0`–`23`; the weekday `0` (Monday) – `6`; `all`. */
  key: string
  /** Tickets issued or joined from home. */
  visitors: number
  served: number
  noShow: number
  cancelled: number
  waits: WaitFigures
  serviceMeasured: number
  serviceAverageMs: number | null
  serviceMedianMs: number | null
  ratings: number
  ratingAverage: number | null
}

export interface ReportTotals extends GroupFigures {
  /** Joined from home, never checked in before their turn lapsed. */
  lapsed: number
  /** Unfinished when the day turned. */
  closed: number
  transferred: number
}

export interface CountOf {
  key: string
  count: number
}

export interface Report {
  from: string
  to: string
  /** Days of the range on which any ticket was issued. */
  days: number
  standardMs: number
  generatedAt: number
  /** The last fact of the log the figures include, and the log's last: equal once the reports caught up. */
  upToSeq: number
  logSeq: number
  totals: ReportTotals
  byService: GroupFigures[]
  byDesk: GroupFigures[]
  byStaff: GroupFigures[]
  byHour: GroupFigures[]
  byWeekday: GroupFigures[]
  /** Served tickets by the outcome coded at finish (`none` when none was). */
  outcomes: CountOf[]
  /** Votes per score 1–5 (index 0 is score 1) and by reason. */
  ratings: { count: number; average: number | null; scores: number[]; reasons: CountOf[] }
  /** Tickets by where they came from: `hall`, `booking`, `web`, `api`, `telegram`. */
  channels: CountOf[]
  /** Guided self-service sessions and how they ended, per service; `share` = sessions ÷ (sessions + visitors). */
  selfService: {
    sessions: number
    completed: number
    abandoned: number
    timedOut: number
    share: number | null
    byService: Array<{ serviceId: string; sessions: number; completed: number }>
  }
  /** Tickets that did not start at the kiosk (booked or joined from home) ÷ visitors. */
  remoteShare: number | null
  /** The registration desk's mobile-citizen registrations started in the range and how they ended. */
  registrations: {
    started: number
    confirmed: number
    failed: number
    expired: number
    superseded: number
    pending: number
  }
  /** Bookings whose slot falls in the range, by what became of them. */
  bookings: { made: number; checkedIn: number; cancelled: number; lapsed: number }
  /** Windows paused: how often and how long, by reason (`none` when none was given). */
  pauses: { count: number; totalMs: number; byReason: Array<{ key: string; count: number; totalMs: number }> }
  /**
   * Through the day, per half hour (`minute` of its start): visitors arriving, and visitors waiting at
   * its end, both on average over `days`.
   */
  arrivals: Array<{ minute: number; arrivals: number; queue: number }>
  /** Waits in 5-minute bins; the last bin (`toMinutes` null) holds the rest. */
  waitHistogram: Array<{ fromMinutes: number; toMinutes: number | null; count: number }>
  /** Visitors by weekday (0 Monday) and hour of arrival. */
  heatmap: Array<{ weekday: number; hour: number; visitors: number }>
}

/** A range of days as `GET /api/reports` takes it: at most this many days. */
export const REPORT_MAX_DAYS = 366
