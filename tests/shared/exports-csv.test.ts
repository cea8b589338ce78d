/**
 * The one CSV format of every export: fields a spreadsheet reads as meant (RFC 4180, a BOM, formulas
 * defused), local times with the zone named, headers in the language asked for; and the tables of the
 * day's figures.
 */
import { describe, expect, it } from 'vitest'
import { evolve, initialState, type DomainEvent } from '../../src-shared/domain'
import { csvField, csvTime, exportLanguage, timeHeader, toCsv } from '../../src-shared/exports/csv'
import { figuresCsvFileName, figuresCsvRows } from '../../src-shared/exports/figures-csv'
import { dayFigures, newcomerEstimateMinutes } from '../../src-shared/figures'
import { CONFIG, T0 } from '../renderer/consultant-fixtures'

const MIN = 60_000

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180), and leaves plain text alone', () => {
    expect(csvField('Выдача паспорта')).toBe('Выдача паспорта')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('a;b')).toBe('a;b')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(42)).toBe('42')
    expect(csvField(null)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
  })

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvField('+7 701')).toBe("'+7 701")
    expect(csvField(-3)).toBe('-3')
  })
})

describe('toCsv', () => {
  it('joins with commas and CRLF, after a UTF-8 BOM', () => {
    expect(toCsv([['a', 1], [], ['b', null]])).toBe('\uFEFFa,1\r\n\r\nb,\r\n')
  })
})

describe('times and headers', () => {
  it('writes an instant in the centre’s local time, and names the zone in the header, in each language', () => {
    // 05:00:07Z is 10:00:07 in Almaty (UTC+5).
    expect(csvTime(Date.UTC(2026, 10, 24, 5, 0, 7), 'Asia/Almaty')).toBe('2026-11-24 10:00:07')
    expect(csvTime(Date.UTC(2026, 10, 24, 20, 0, 0), 'Asia/Almaty')).toBe('2026-11-25 01:00:00')
    expect(timeHeader('kk', 'Уақыты', 'Asia/Almaty')).toBe('Уақыты (Asia/Almaty)')
    expect(timeHeader('en', 'Time', 'Asia/Aqtobe')).toBe('Time (Asia/Aqtobe)')
  })

  it('takes kk, ru and en as export languages, and nothing else', () => {
    expect(['kk', 'ru', 'en', 'de', '', null].map(exportLanguage)).toEqual([
      'kk',
      'ru',
      'en',
      null,
      null,
      null,
    ])
  })

  it('names the figures file by centre, kind and day', () => {
    expect(figuresCsvFileName('astana-1', '2026-11-24')).toBe('kezek-astana-1-figures-2026-11-24.csv')
    expect(figuresCsvFileName('a/b', '2026-11-24')).toBe('kezek-a-b-figures-2026-11-24.csv')
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

  it('has the services table and the windows table in the language asked for, times in seconds', () => {
    expect(passportNewcomer).toBeGreaterThan(0)
    expect(figuresCsvRows(figures, CONFIG, 'en')).toEqual([
      [
        CONFIG.centre.name.en ?? CONFIG.centre.name.ru,
        'Day: 2026-11-24',
        `Generated at (${CONFIG.centre.timeZone})`,
        '2026-11-24 10:13:30',
      ],
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
      ['1', 'Open', 'Айгерім', 'P002', 'Called', 90, 1, 360],
      ['2', 'Closed', null, null, null, null, 0, null],
    ])
  })
})
