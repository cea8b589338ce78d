import { describe, expect, it } from 'vitest'
import { alertsSchema } from '../../src-shared/config'
import { supervisorAlerts, type DevicePresence } from '../../src-shared/figures'
import { kiosk, MINUTE, TestCentre } from './fixtures'

const ALERTS = alertsSchema.parse({})

describe('the supervisor alerts', () => {
  it('are none on a quiet floor', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.issue('passport')
    expect(supervisorAlerts({ state: c.state, alerts: ALERTS, now: c.clock.now(), presence: [] })).toEqual([])
  })

  it('flag visitors waiting past the standard (15 minutes by default), per service, not at 15 exactly', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.open('d3', c.bolat)
    const start = c.clock.now()
    c.issue('passport')
    c.issue('passport')
    c.clock.advanceMinutes(5)
    c.issue('land')
    const at = (now: number) => supervisorAlerts({ state: c.state, alerts: ALERTS, now, presence: null })
    expect(at(start + 15 * MINUTE)).toEqual([])
    expect(at(start + 15 * MINUTE + 1)).toEqual([
      { kind: 'long-wait', serviceId: 'passport', count: 2, longestMs: 15 * MINUTE + 1 },
    ])
    expect(at(start + 21 * MINUTE).map((a) => a.kind === 'long-wait' && [a.serviceId, a.count])).toEqual([
      ['passport', 2],
      ['land', 1],
    ])
    const strict = alertsSchema.parse({ waitStandardMinutes: 5 })
    expect(
      supervisorAlerts({ state: c.state, alerts: strict, now: start + 6 * MINUTE, presence: null }),
    ).toHaveLength(1)
  })

  it('flag a queue nobody serves, first', () => {
    const c = new TestCentre()
    c.issue('land')
    c.clock.advanceMinutes(20)
    const alerts = supervisorAlerts({ state: c.state, alerts: ALERTS, now: c.clock.now(), presence: null })
    expect(alerts.map((a) => a.kind)).toEqual(['unserved', 'long-wait'])
  })

  it('flag a window paused past its limit, the default or its reason’s own', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    const pausedAt = c.clock.now()
    const at = (now: number, limit?: number) =>
      supervisorAlerts({
        state: c.state,
        alerts: ALERTS,
        now,
        presence: null,
        pauseLimitMinutes: () => limit,
      })
    expect(at(pausedAt + 15 * MINUTE)).toEqual([])
    expect(at(pausedAt + 16 * MINUTE)).toEqual([
      { kind: 'long-pause', deskId: 'd1', staffId: 'aigerim', pausedMs: 16 * MINUTE, limitMs: 15 * MINUTE },
    ])
    expect(at(pausedAt + 16 * MINUTE, 30)).toEqual([])
  })

  it('flag a device gone longer than allowed (not one never seen), and a printer not ready', () => {
    const c = new TestCentre()
    c.issue('passport')
    c.open('d1', c.aigerim)
    c.run({ type: 'device:report', printer: 'paper-out' }, kiosk)
    const now = c.clock.now()
    const presence: DevicePresence[] = [
      { deviceId: 'kiosk-1', kind: 'kiosk', online: true, since: now - 5 * MINUTE },
      { deviceId: 'display-1', kind: 'display', online: false, since: now - 30_000 },
      { deviceId: 'display-2', kind: 'display', online: false, since: null },
    ]
    const alerts = supervisorAlerts({ state: c.state, alerts: ALERTS, now, presence })
    expect(alerts).toEqual([{ kind: 'printer', deviceId: 'kiosk-1', printer: 'paper-out', since: now }])
    const later = supervisorAlerts({ state: c.state, alerts: ALERTS, now: now + 31_000, presence })
    expect(later.filter((a) => a.kind === 'device-offline')).toEqual([
      { kind: 'device-offline', deviceId: 'display-1', deviceKind: 'display', since: now - 30_000 },
    ])
  })
})

describe('the alerts config', () => {
  it('defaults to the demo’s rules and refuses nonsense with the field named', () => {
    expect(ALERTS).toEqual({ waitStandardMinutes: 15, pauseLimitMinutes: 15, deviceOfflineSeconds: 60 })
    const bad = alertsSchema.safeParse({ waitStandardMinutes: 0, pauseLimit: 5 })
    expect(bad.success).toBe(false)
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(messages).toContain('waitStandardMinutes: must be at least 1 minute')
    expect(messages.some((m) => m.includes('pauseLimit'))).toBe(true)
  })
})
