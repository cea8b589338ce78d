/**
 * What `lpstat` prints about a CUPS queue, read into the kiosk's printer state. Pure: the text comes in,
 * the state goes out (./index.ts runs `lpstat` with `LC_ALL=C`, so the words are CUPS's English ones).
 *
 *   printer Kezek-Tickets is idle.  enabled since Sun 06 Dec 2026 13:40:11 UTC
 *   printer Kezek-Test-Printer-Paper disabled since Sun 06 Dec 2026 13:41:02 UTC -
 *   	Media tray empty!
 *   	...
 *   	Alerts: media-empty-error paused
 *
 * The "Alerts:" line of `lpstat -l -p` is the queue's `printer-state-reasons` (IPP keywords with an
 * optional `-error`, `-warning` or `-report` severity suffix).
 */
import type { PrinterState } from '../../src-shared/domain/types'

/** What one `lpstat -l -p NAME` says about NAME. */
export interface LpstatPrinter {
  name: string
  /** `idle`, `printing` (CUPS says "now printing …") or `disabled` (stopped). */
  status: 'idle' | 'printing' | 'disabled'
  /** `printer-state-reasons`, `none` left out. */
  reasons: string[]
}

/** Out of paper, whatever the severity the printer gives it. */
const PAPER_OUT = ['media-empty', 'media-needed']
/** The printer cannot be reached or does not take jobs (`paused`: `cupsdisable`, or a stopped queue). */
const OFFLINE = [
  'offline',
  'paused',
  'moving-to-paused',
  'stopped',
  'shutdown',
  'connecting-to-device',
  'timed-out',
]
/** Someone must go to the printer, even where the printer gives no `-error` suffix. */
const ERROR = ['media-jam', 'door-open', 'cover-open', 'interlock-open']

const SEVERITY = /-(error|warning|report)$/

/** The keyword of a reason without its severity suffix, and the suffix. */
function splitReason(reason: string): { keyword: string; severity: string | null } {
  const match = SEVERITY.exec(reason)
  return match
    ? { keyword: reason.slice(0, match.index), severity: match[1]! }
    : { keyword: reason, severity: null }
}

/**
 * The kiosk's state of a printer from its reasons: out of paper before anything else (the one thing the
 * supervisor sends someone to fix with a roll in hand), then an error someone must clear, then offline.
 * Warnings and reports (toner low, `cups-missing-filter-warning`) leave a working printer `ok`.
 */
export function printerStateOf(printer: Pick<LpstatPrinter, 'status' | 'reasons'>): PrinterState {
  const reasons = printer.reasons.map(splitReason)
  if (reasons.some((r) => PAPER_OUT.includes(r.keyword))) return 'paper-out'
  const isError = (r: { keyword: string; severity: string | null }) =>
    ERROR.includes(r.keyword) ? r.severity !== 'warning' && r.severity !== 'report' : r.severity === 'error'
  if (reasons.some((r) => isError(r) && !OFFLINE.includes(r.keyword))) return 'error'
  if (printer.status === 'disabled' || reasons.some((r) => OFFLINE.includes(r.keyword))) return 'offline'
  return 'ok'
}

const STATUS_LINE = /^printer (\S+) (?:is idle\.|now printing .*|disabled since .*|is .*)$/
const ALERTS_LINE = /^\s+Alerts:\s*(.*)$/

/**
 * Reads `lpstat -l -p NAME` for NAME. Throws, saying what it found instead, when the text does not
 * describe that printer (another CUPS version's words would show here, not as a wrong state).
 */
export function parseLpstatPrinter(text: string, name: string): LpstatPrinter {
  const lines = text.split('\n')
  const start = lines.findIndex((line) => STATUS_LINE.exec(line)?.[1] === name)
  if (start < 0) {
    throw new Error(`lpstat said nothing about printer "${name}": ${firstLine(text)}`)
  }
  const statusLine = lines[start]!
  const status = statusLine.includes(' disabled since ')
    ? 'disabled'
    : statusLine.includes(' now printing ')
      ? 'printing'
      : 'idle'
  let reasons: string[] | null = null
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line)) break // the next printer's status line
    const alerts = ALERTS_LINE.exec(line)
    if (alerts) reasons = alerts[1]!.split(/[\s,]+/).filter((r) => r !== '' && r !== 'none')
  }
  if (reasons === null) {
    throw new Error(`lpstat gave no "Alerts:" line for printer "${name}" (was it run with -l?)`)
  }
  return { name, status, reasons }
}

/**
 * The system default printer from `lpstat -r -d`: "system default destination: NAME", or null for
 * "no system default destination". Throws when the scheduler is not running (`lpstat -d` alone would
 * then say "no system default destination" too).
 */
export function parseLpstatDefault(text: string): string | null {
  if (/^scheduler is not running/m.test(text)) throw new Error('the CUPS scheduler is not running')
  const named = /^system default destination: (\S+)\s*$/m.exec(text)
  if (named) return named[1]!
  if (/^no system default destination/m.test(text)) return null
  throw new Error(`lpstat -r -d said neither a default printer nor that there is none: ${firstLine(text)}`)
}

function firstLine(text: string): string {
  return JSON.stringify(text.trim().split('\n')[0]?.slice(0, 200) ?? '')
}
