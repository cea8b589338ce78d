/**
 * The hub's three CSV exports in one format: the supervisor's figures of the day, the registrations of a
 * day and the audit log. Each starts with the UTF-8 byte-order mark, is RFC 4180 (commas, CRLF), has its
 * headers in the language asked for, names the zone of its local times, and leaves an audit entry.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { localDay } from '../../src-shared/domain'
import { expectOk, startTestHub, TUESDAY_MORNING, type TestHub } from '../support/hub-harness'
import { parseCsv } from '../support/csv'
import { staffGet } from './fixtures/registration'

let hub: TestHub | undefined

afterEach(async () => {
  await hub?.close()
  hub = undefined
})

/** The rows of an export's text: RFC 4180, every row ended by CRLF. */
function rowsOf(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true)
  return parseCsv(text)
}

describe('the CSV exports', () => {
  it('are one format: BOM, commas and CRLF, headers in the language asked for, local times with the zone named', async () => {
    const clock = { now: TUESDAY_MORNING + 4 * 60 * 60_000 + 7_000 }
    hub = await startTestHub({ now: () => clock.now })
    const day = localDay(clock.now, 'Asia/Almaty')
    const kiosk = await hub.deviceClient('kiosk-1')
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const token = await hub.signIn('supervisor')

    const figures = await staffGet(hub, '/api/figures.csv?lang=ru', token)
    expect(figures.status).toBe(200)
    expect(figures.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(figures.headers.get('content-disposition')).toContain(`kezek-astana-1-figures-${day}.csv`)
    const figuresText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await figures.arrayBuffer())
    expect(figuresText.startsWith('\uFEFF')).toBe(true)
    const figureRows = rowsOf(figuresText.slice(1))
    // 13:00:07 in Almaty: the clock above, 04:00Z + 4 h + 7 s, UTC+5.
    expect(figureRows[0]).toEqual([
      'Астана, ЦОН № 1',
      `День: ${day}`,
      'Время формирования (Asia/Almaty)',
      `${day} 13:00:07`,
    ])
    expect(figureRows).toContainEqual(expect.arrayContaining(['Префикс', 'Услуга', 'Ожидают']))

    const registrations = await (
      await staffGet(hub, `/api/registration/stats.csv?day=${day}&lang=en`, token)
    ).text()
    expect(rowsOf(registrations.replace(/^\uFEFF/, ''))[0]).toEqual([
      'Day',
      'Staff id',
      'Staff member',
      'Started',
      'Confirmed',
      'Failed',
      'Expired',
      'Started again',
      'Still open',
    ])

    // The audit log last: every export above left its entry, its own included.
    const audit = await (await staffGet(hub, `/api/audit.csv?from=${day}&to=${day}`, token)).text()
    const auditRows = rowsOf(audit.replace(/^\uFEFF/, ''))
    expect(auditRows[0]![0]).toBe('Уақыты (Asia/Almaty)')
    expect(auditRows[0]![5]).toBe('Әрекет')
    const exports = auditRows.slice(1).filter((row) => row[5] === 'export')
    expect(exports.map((row) => row[10])).toEqual([
      `figures.csv for ${day}`,
      `stats.csv for ${day}`,
      `audit.csv for ${day} to ${day}`,
    ])
    expect(exports.every((row) => row[0] === `${day} 13:00:07` && row[2] === 'supervisor-1')).toBe(true)
  })

  it('refuses a language it does not write, naming it, and leaves no audit entry; only supervisors export', async () => {
    hub = await startTestHub()
    const token = await hub.signIn('supervisor')
    const refused = await staffGet(hub, '/api/figures.csv?lang=de', token)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      error: { code: 'invalid_payload', message: expect.stringContaining('"de"') },
    })
    expect((await staffGet(hub, '/api/figures.csv', await hub.signIn('consultant1'))).status).toBe(403)
    expect((await staffGet(hub, '/api/figures.csv', null)).status).toBe(401)
    const day = localDay(Date.now(), 'Asia/Almaty')
    const audit = await (await staffGet(hub, `/api/audit.csv?from=${day}&to=${day}&lang=en`, token)).text()
    expect(audit).not.toContain('figures.csv')
  })
})
