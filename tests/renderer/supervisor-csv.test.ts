/** The CSV export: cells a spreadsheet reads as meant, and the tables of the day's figures. */
import { describe, expect, it } from 'vitest'
import { evolve, initialState, type DomainEvent } from '../../src-shared/domain'
import {
  csvCell,
  csvFileName,
  figuresCsvRows,
  toCsv,
  type CsvTexts,
} from '../../src-renderer/supervisor/supervisor-csv'
import { dayFigures, newcomerEstimateMinutes } from '../../src-shared/figures'
import { CONFIG, T0 } from './consultant-fixtures'

const MIN = 60_000

describe('csvCell', () => {
  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('Выдача паспорта')).toBe('Выдача паспорта')
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(42)).toBe('42')
    expect(csvCell(null)).toBe('')
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell('+7 701')).toBe("'+7 701")
    expect(csvCell(-3)).toBe('-3')
  })
})

describe('toCsv', () => {
  it('joins with semicolons and CRLF, after a UTF-8 BOM', () => {
    expect(toCsv([['a', 1], [], ['b', null]])).toBe('\uFEFFa;1\r\n\r\nb;\r\n')
  })
})

describe('csvFileName', () => {
  it('names the centre and the day', () => {
    expect(csvFileName('astana-1', '2026-11-24')).toBe('kezek-astana-1-2026-11-24.csv')
    expect(csvFileName('a/b', '2026-11-24')).toBe('kezek-a-b-2026-11-24.csv')
  })
})

describe('figuresCsvRows', () => {
  const events: [number, DomainEvent][] = [
    [0, { type: 'day:opened', day: '2026-11-24' }],
    [0, { type: 'desk:opened', deskId: 'desk-1', staffId: 'c1', serviceIds: ['passport'] }],
    [
      0,
      {
        type: 'ticket:issued',
        ticketId: 't1',
        number: 'P001',
        prefix: 'P',
        serviceId: 'passport',
        categoryId: null,
        bookedFor: null,
      },
    ],
    [
      1,
      {
        type: 'ticket:issued',
        ticketId: 't2',
        number: 'P002',
        prefix: 'P',
        serviceId: 'passport',
        categoryId: null,
        bookedFor: null,
      },
    ],
    [
      2,
      {
        type: 'ticket:issued',
        ticketId: 't3',
        number: 'P003',
        prefix: 'P',
        serviceId: 'passport',
        categoryId: null,
        bookedFor: null,
      },
    ],
    [4, { type: 'ticket:called', ticketId: 't1', deskId: 'desk-1', staffId: 'c1', reason: 'regular' }],
    [5, { type: 'ticket:started', ticketId: 't1' }],
    [11, { type: 'ticket:finished', ticketId: 't1' }],
    [12, { type: 'ticket:called', ticketId: 't2', deskId: 'desk-1', staffId: 'c1', reason: 'regular' }],
  ]
  const state = initialState(CONFIG.centre.id)
  events.forEach(([minute, event], index) =>
    evolve(state, { ...event, seq: index + 1, at: T0 + minute * MIN }),
  )
  const now = T0 + 13 * MIN + 30_000
  const figures = dayFigures(state, CONFIG, now, { staffNames: { c1: 'Айгерім' } })
  const passportNewcomer = newcomerEstimateMinutes(state, CONFIG, 'passport', now)

  const texts: CsvTexts = {
    centre: 'Test centre',
    day: 'Day: 2026-11-24',
    generatedAt: 'Generated: 2026-11-24 10:13',
    servicesTitle: 'Services',
    desksTitle: 'Windows',
    serviceHeaders: {
      prefix: 'Prefix',
      service: 'Service',
      waiting: 'Waiting',
      longestWaitS: 'Longest wait now, s',
      served: 'Served',
      noShow: 'No-shows',
      averageWaitS: 'Average wait, s',
      averageServiceS: 'Average service, s',
      desksServing: 'Windows open',
      estimateMin: 'Newcomer waits, min',
    },
    deskHeaders: {
      window: 'Window',
      status: 'Status',
      staff: 'Staff',
      ticket: 'Ticket in hand',
      ticketStatus: 'Ticket status',
      inHandS: 'In hand for, s',
      served: 'Served',
      averageServiceS: 'Average service, s',
    },
    serviceName: (id) => CONFIG.services.find((s) => s.id === id)?.name.en ?? id,
    servicePrefix: (id) => CONFIG.services.find((s) => s.id === id)?.prefix ?? '',
    deskStatus: (status) => status.toUpperCase(),
    ticketStatus: (status) => status,
  }

  it('has the services table and the windows table, times in seconds', () => {
    expect(passportNewcomer).toBeGreaterThan(0)
    expect(figuresCsvRows(figures, now, texts)).toEqual([
      ['Test centre', 'Day: 2026-11-24', 'Generated: 2026-11-24 10:13'],
      [],
      ['Services'],
      [
        'Prefix',
        'Service',
        'Waiting',
        'Longest wait now, s',
        'Served',
        'No-shows',
        'Average wait, s',
        'Average service, s',
        'Windows open',
        'Newcomer waits, min',
      ],
      // P003 waits since minute 2: 11.5 min = 690 s. Waits: P001 4 min, P002 11 min → 450 s.
      // Newcomer: the wait estimate's minutes (its own tests are in tests/shared).
      ['P', 'Passport', 1, 690, 1, 0, 450, 360, 1, passportNewcomer],
      // No open window serves signatures: no minutes, an empty cell.
      ['S', 'Digital signature', 0, null, 0, 0, null, null, 0, null],
      [],
      ['Windows'],
      [
        'Window',
        'Status',
        'Staff',
        'Ticket in hand',
        'Ticket status',
        'In hand for, s',
        'Served',
        'Average service, s',
      ],
      ['1', 'OPEN', 'Айгерім', 'P002', 'called', 90, 1, 360],
      ['2', 'CLOSED', null, null, null, null, 0, null],
    ])
  })
})
