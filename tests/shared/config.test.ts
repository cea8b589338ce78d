import { describe, expect, it } from 'vitest'
import { centreConfigSchema, describeIssues } from '../../src-shared/config'
import { rawConfig, testConfig } from './fixtures'

/** The admin-facing lines for a config, or [] if it is valid. */
function problems(config: unknown): string[] {
  const result = centreConfigSchema.safeParse(config)
  return result.success ? [] : describeIssues(result.error)
}

describe('centre config', () => {
  it('accepts the test centre and fills in the defaults', () => {
    expect(problems(rawConfig())).toEqual([])
    const config = testConfig()
    expect(config.centre.openingHours.sun).toEqual([])
    expect(config.services[0]).toMatchObject({ online: false, mobileRegistration: false })
    expect(config.policy).toMatchObject({ maxPriorityStreak: 3, postponeBy: 3, enforceOpeningHours: false })
    expect(config.staff[0]).toMatchObject({ lastName: '' })
  })

  it('names every duplicate id with its place', () => {
    const raw = rawConfig()
    raw.services.push({ ...raw.services[0]! })
    raw.desks.push({ ...raw.desks[0]!, label: '9' })
    raw.desks.push({ ...raw.desks[1]!, id: 'd9' })
    raw.serviceGroups.push({ ...raw.serviceGroups[1]! })
    expect(problems(raw)).toEqual([
      'serviceGroups[2].id: duplicate group id "property" (already used by serviceGroups[1])',
      'services[3].id: duplicate service id "passport" (already used by services[0])',
      'desks[3].id: duplicate desk id "d1" (already used by desks[0])',
      'desks[4].label: duplicate desk label "2" (already used by desks[1])',
    ])
  })

  it('names an unknown group or service with its exact path', () => {
    const raw = rawConfig()
    raw.services[2] = { ...raw.services[2]!, group: 'transport' }
    raw.desks[0] = { ...raw.desks[0]!, serviceIds: ['passport', 'visa'] }
    expect(problems(raw)).toEqual([
      'services[2].group: unknown service group "transport"',
      'desks[0].serviceIds[1]: unknown service "visa"',
    ])
  })

  it('refuses unknown fields, bad zones and bad hours at their path', () => {
    const raw = rawConfig()
    const lines = problems({
      ...raw,
      centre: {
        ...raw.centre,
        timeZone: 'Asia/Astana_City',
        openingHours: { ...raw.centre.openingHours, mon: [['18:00', '09:00']] },
      },
      services: [{ ...raw.services[0]!, prefix: 'a1', colour: 'red' }, ...raw.services.slice(1)],
    })
    expect(lines).toContain('centre.timeZone: must be an IANA time zone such as Asia/Almaty')
    expect(lines).toContain('centre.openingHours.mon[0]: opening interval must end after it starts')
    expect(lines).toContain('services[0].prefix: must be one or two capital letters')
    expect(lines).toContain('services[0].colour: unknown field')
  })

  it('refuses overlapping opening intervals and Latin/Cyrillic look-alike prefixes', () => {
    const raw = rawConfig()
    raw.centre.openingHours.tue = [
      ['09:00', '13:00'],
      ['12:00', '18:00'],
    ]
    raw.services[2] = { ...raw.services[2]!, prefix: 'А' } // Cyrillic А, prints like prefix A
    expect(problems(raw)).toEqual([
      'centre.openingHours.tue[1]: must start at or after 13:00, when the interval before it ends',
      expect.stringMatching(/^services\[2\]\.prefix: looks the same as prefix "A" of services\[0\]/),
    ])
  })

  it('reports a problem with no path at the top level', () => {
    expect(problems('not a config')).toEqual([expect.stringMatching(/^\(top level\): /)])
  })
})

describe('centre.publicUrl', () => {
  const withUrl = (publicUrl: unknown) => {
    const raw = structuredClone(rawConfig()) as { centre: Record<string, unknown> }
    raw.centre.publicUrl = publicUrl
    return centreConfigSchema.safeParse(raw)
  }

  it('keeps an http(s) address without its trailing slash, for the tracker QR code', () => {
    const parsed = withUrl('http://192.168.1.10:8080/')
    expect(parsed.success && parsed.data.centre.publicUrl).toBe('http://192.168.1.10:8080')
  })

  it('refuses other schemes and non-URLs, naming the field', () => {
    for (const bad of ['ftp://hub.local', 'hub.local:8080']) {
      const parsed = withUrl(bad)
      expect(parsed.success).toBe(false)
      if (!parsed.success) expect(describeIssues(parsed.error).join('\n')).toContain('centre.publicUrl')
    }
  })
})
