/**
 * The printer's state from what `lpstat` says: real output captured from CUPS 2.4 (./lpstat/, taken
 * with LC_ALL=C from the queues .ci/headful-setup.sh makes), and the reasons a real printer gives.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  parseLpstatDefault,
  parseLpstatPrinter,
  printerStateOf,
} from '../../src-main/printer-state/lpstat-output'

const sample = (name: string) => readFileSync(new URL(`./lpstat/${name}`, import.meta.url), 'utf8')

describe('lpstat -l -p', () => {
  it('an idle queue without alerts is ok', () => {
    const printer = parseLpstatPrinter(sample('idle.txt'), 'Kezek-Tickets')
    expect(printer).toEqual({ name: 'Kezek-Tickets', status: 'idle', reasons: [] })
    expect(printerStateOf(printer)).toBe('ok')
  })

  it('a queue its backend stopped for an empty roll is out of paper, not merely offline', () => {
    const printer = parseLpstatPrinter(sample('paper-out.txt'), 'Kezek-Test-Printer-PaperOut')
    expect(printer).toEqual({
      name: 'Kezek-Test-Printer-PaperOut',
      status: 'disabled',
      reasons: ['media-empty-error', 'paused'],
    })
    expect(printerStateOf(printer)).toBe('paper-out')
  })

  it('an enabled queue whose printer still says media-empty stays out of paper', () => {
    const printer = parseLpstatPrinter(sample('paper-out-enabled.txt'), 'Kezek-Test-Printer-PaperOut')
    expect(printer.status).toBe('idle')
    expect(printerStateOf(printer)).toBe('paper-out')
  })

  it('a queue taken off with cupsdisable is offline', () => {
    const printer = parseLpstatPrinter(sample('disabled.txt'), 'Kezek-Test-Printer-Offline')
    expect(printer).toEqual({ name: 'Kezek-Test-Printer-Offline', status: 'disabled', reasons: ['paused'] })
    expect(printerStateOf(printer)).toBe('offline')
  })

  it('reads the named printer when lpstat lists more than one', () => {
    const both = `${sample('disabled.txt')}${sample('idle.txt')}`
    expect(parseLpstatPrinter(both, 'Kezek-Tickets').reasons).toEqual([])
    expect(parseLpstatPrinter(both, 'Kezek-Test-Printer-Offline').status).toBe('disabled')
  })

  it('a printer in the middle of a job is printing', () => {
    const text =
      'printer Kezek-Tickets now printing Kezek-Tickets-7.  enabled since Sun Dec  6 13:25:20 2026\n\tAlerts: none\n'
    expect(parseLpstatPrinter(text, 'Kezek-Tickets').status).toBe('printing')
  })

  it('refuses text about another printer, or without alerts, saying what it got', () => {
    expect(() => parseLpstatPrinter(sample('idle.txt'), 'Kezek-Other')).toThrow(
      /nothing about printer "Kezek-Other": "printer Kezek-Tickets is idle/,
    )
    expect(() => parseLpstatPrinter('', 'Kezek-Tickets')).toThrow(/nothing about printer "Kezek-Tickets"/)
    const withoutAlerts = sample('idle.txt').replace(/^\tAlerts:.*\n/m, '')
    expect(() => parseLpstatPrinter(withoutAlerts, 'Kezek-Tickets')).toThrow(/no "Alerts:" line/)
  })
})

describe('printer-state-reasons', () => {
  const stateOf = (...reasons: string[]) => printerStateOf({ status: 'idle', reasons })

  it.each([
    [['media-empty-error'], 'paper-out'],
    [['media-empty-warning'], 'paper-out'],
    [['media-needed-error'], 'paper-out'],
    [['media-empty-report', 'offline-report'], 'paper-out'],
    [['media-jam-error', 'media-empty-error'], 'paper-out'],
    [['offline-report'], 'offline'],
    [['connecting-to-device'], 'offline'],
    [['shutdown'], 'offline'],
    [['timed-out-error'], 'offline'],
    [['paused'], 'offline'],
    [['media-jam-error'], 'error'],
    [['media-jam'], 'error'],
    [['door-open'], 'error'],
    [['cover-open-error', 'paused'], 'error'],
    [['marker-supply-empty-error'], 'error'],
    [['toner-low-warning'], 'ok'],
    [['media-low-warning'], 'ok'],
    [['cups-missing-filter-warning'], 'ok'],
    [['cups-waiting-for-job-completed'], 'ok'],
    [['door-open-warning'], 'ok'],
    [[], 'ok'],
  ])('%j is %s', (reasons, state) => {
    expect(stateOf(...reasons)).toBe(state)
  })

  it('a stopped queue with no reason is offline', () => {
    expect(printerStateOf({ status: 'disabled', reasons: [] })).toBe('offline')
  })
})

describe('lpstat -r -d', () => {
  it('names the default printer', () => {
    expect(parseLpstatDefault(sample('default.txt'))).toBe('Kezek-Tickets')
  })

  it('says when there is none', () => {
    expect(parseLpstatDefault('scheduler is running\nno system default destination\n')).toBeNull()
  })

  it('refuses a scheduler that is not running (plain -d would claim "no default")', () => {
    expect(() => parseLpstatDefault(sample('no-scheduler.txt'))).toThrow(/scheduler is not running/)
  })

  it('refuses text it does not know', () => {
    expect(() => parseLpstatDefault('Systemstandardziel: Kezek-Tickets\n')).toThrow(
      /neither a default printer.*Systemstandardziel/,
    )
  })
})
