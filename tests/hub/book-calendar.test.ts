import { describe, expect, it } from 'vitest'
import { calendarFile, fold } from '../../src-main/hub/http/book/calendar'

describe('the booking calendar file', () => {
  it('folds long lines at 75 octets without splitting a Cyrillic letter', () => {
    const line = `SUMMARY:${'Жеке куәлік пен паспорт беру '.repeat(4)}`
    const folded = fold(line).split('\r\n')
    expect(folded.length).toBeGreaterThan(1)
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75)
    expect(folded.slice(1).every((part) => part.startsWith(' '))).toBe(true)
    expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line)
    expect(fold('SHORT:line')).toBe('SHORT:line')
  })

  it('is one event in UTC with its text escaped, every line ending in CRLF', () => {
    const file = calendarFile({
      uid: 'b-1@kezek',
      stamp: Date.UTC(2026, 11, 6, 4, 5, 6),
      start: Date.UTC(2026, 11, 7, 4, 0),
      end: Date.UTC(2026, 11, 7, 4, 15),
      summary: 'ID card; passport · K7M42Q',
      location: 'Astana, Centre No. 1',
      description: 'Line one\nline two \\ end',
    })
    expect(file.endsWith('\r\n')).toBe(true)
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const lines = file.split('\r\n')
    expect(lines).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Kezek//Booking//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:b-1@kezek',
      'DTSTAMP:20261206T040506Z',
      'DTSTART:20261207T040000Z',
      'DTEND:20261207T041500Z',
      'SUMMARY:ID card\\; passport · K7M42Q',
      'LOCATION:Astana\\, Centre No. 1',
      'DESCRIPTION:Line one\\nline two \\\\ end',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ])
  })
})
