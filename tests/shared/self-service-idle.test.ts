import { describe, expect, it } from 'vitest'
import {
  afterActivity,
  idleSettings,
  idleStatus,
  isPortalActivity,
  shouldReportActivity,
} from '../../src-shared/self-service/idle'

const T0 = 1_741_582_800_000
const SETTINGS = { idleMs: 120_000, warningMs: 20_000 }

describe('idle countdown', () => {
  it('stays active until the idle time has passed', () => {
    expect(idleStatus(SETTINGS, T0, T0)).toEqual({
      phase: 'active',
      secondsLeft: 140,
      endsAt: T0 + 140_000,
      nextChangeAt: T0 + 120_000,
    })
    expect(idleStatus(SETTINGS, T0, T0 + 119_999).phase).toBe('active')
  })

  it('warns with a countdown of whole seconds, then expires', () => {
    const warning = idleStatus(SETTINGS, T0, T0 + 120_000)
    expect(warning).toMatchObject({ phase: 'warning', secondsLeft: 20, nextChangeAt: T0 + 121_000 })
    expect(idleStatus(SETTINGS, T0, T0 + 120_500)).toMatchObject({
      secondsLeft: 20,
      nextChangeAt: T0 + 121_000,
    })
    expect(idleStatus(SETTINGS, T0, T0 + 139_001)).toMatchObject({
      phase: 'warning',
      secondsLeft: 1,
      nextChangeAt: T0 + 140_000,
    })
    expect(idleStatus(SETTINGS, T0, T0 + 140_000)).toEqual({
      phase: 'expired',
      secondsLeft: 0,
      endsAt: T0 + 140_000,
      nextChangeAt: null,
    })
  })

  it('starts over on activity or "still here", but not once expired', () => {
    const during = afterActivity(SETTINGS, T0, T0 + 130_000)
    expect(during).toBe(T0 + 130_000)
    expect(idleStatus(SETTINGS, during, T0 + 130_000).phase).toBe('active')
    expect(afterActivity(SETTINGS, T0, T0 + 140_000)).toBe(T0)
    expect(idleStatus(SETTINGS, afterActivity(SETTINGS, T0, T0 + 150_000), T0 + 150_000).phase).toBe(
      'expired',
    )
  })

  it("reads the centre's settings, with defaults", () => {
    expect(idleSettings({ idleSeconds: 90, warningSeconds: 15 })).toEqual({
      idleMs: 90_000,
      warningMs: 15_000,
    })
    expect(idleSettings(undefined)).toEqual({ idleMs: 180_000, warningMs: 30_000 })
  })
})

describe('activity inside the portal view', () => {
  it('counts touches, clicks and keys, not moves', () => {
    for (const type of ['touchStart', 'mouseDown', 'keyDown', 'mouseWheel', 'gestureTap']) {
      expect(isPortalActivity(type), type).toBe(true)
    }
    for (const type of ['mouseMove', 'mouseEnter', 'touchMove', 'pointerMove', 'undefined']) {
      expect(isPortalActivity(type), type).toBe(false)
    }
  })

  it('is reported to the page at most once a second', () => {
    expect(shouldReportActivity(null, T0)).toBe(true)
    expect(shouldReportActivity(T0, T0 + 999)).toBe(false)
    expect(shouldReportActivity(T0, T0 + 1_000)).toBe(true)
  })
})
