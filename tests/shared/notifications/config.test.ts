/** The `notifications` section: off when absent, defaults, and refusals that name the field. */
import { describe, expect, it } from 'vitest'
import { centreConfigSchema, describeIssues, NOTIFICATIONS_OFF } from '../../../src-shared/config'
import { notificationSettings } from '../../../src-shared/notifications'
import { rawConfig } from '../fixtures'

const parse = (notifications: unknown) => centreConfigSchema.safeParse({ ...rawConfig(), notifications })

describe('the notifications section', () => {
  it('is off when absent, and every field defaults when on', () => {
    const absent = centreConfigSchema.parse(rawConfig())
    expect(notificationSettings(absent)).toEqual(NOTIFICATIONS_OFF)
    expect(NOTIFICATIONS_OFF.enabled).toBe(false)
    const on = parse({ enabled: true, events: { lapsed: false } })
    expect(on.success && on.data.notifications).toEqual({
      enabled: true,
      events: {
        bookingConfirmed: true,
        bookingReminder: true,
        bookingCancelled: true,
        remoteJoined: true,
        comeNow: true,
        held: true,
        called: true,
        lapsed: false,
      },
      reminderHour: 18,
      quietHours: { from: '21:00', to: '08:00' },
      retry: { baseSeconds: 30, maxSeconds: 900, maxAttempts: 8 },
      retentionDays: 30,
    })
  })

  it.each([
    [{ quietHours: { from: '21:00', to: '21:00' } }, 'notifications.quietHours.to', 'must differ'],
    [{ quietHours: { from: '9:00', to: '18:00' } }, 'notifications.quietHours.from', 'HH:MM'],
    [{ retry: { baseSeconds: 100, maxSeconds: 10 } }, 'notifications.retry.baseSeconds', 'maxSeconds'],
    [{ reminderHour: 24 }, 'notifications.reminderHour', ''],
    [{ events: { comeNow: true, sayHello: true } }, 'notifications.events', 'sayHello'],
  ])('refuses %j, naming %s', (notifications, path, words) => {
    const result = parse(notifications)
    expect(result.success).toBe(false)
    const text = describeIssues(result.error!).join('\n')
    expect(text).toContain(path)
    expect(text).toContain(words)
  })
})
