import { describe, expect, it } from 'vitest'
import {
  centreConfigSchema,
  describeIssues,
  publicConfig,
  selfServiceCatalogue,
} from '../../src-shared/config'
import { loadCentreConfig, DEFAULT_CONFIG_PATH } from '../../src-main/hub/config-file'
import { compileUrlPattern } from '../../src-shared/self-service/portal-url'
import { rawConfig } from './fixtures'
import { LAND_STEPS, PORTAL, rawSelfServiceConfig, selfServiceConfig } from './self-service-fixtures'

function problems(config: unknown): string[] {
  const result = centreConfigSchema.safeParse(config)
  return result.success ? [] : describeIssues(result.error)
}

type Raw = ReturnType<typeof rawSelfServiceConfig>

/** The raw config with the land scenario changed by `change`. */
function withLand(
  change: (scenario: Record<string, unknown>) => Record<string, unknown>,
  raw: Pick<Raw, 'services'> & Record<string, unknown> = rawSelfServiceConfig(),
) {
  return {
    ...raw,
    services: raw.services.map((s) =>
      'selfService' in s && s.selfService ? { ...s, selfService: change({ ...s.selfService }) } : s,
    ),
  }
}

describe('self-service config', () => {
  it('accepts a scenario inside the allowlist and fills in the defaults', () => {
    expect(problems(rawSelfServiceConfig())).toEqual([])
    const raw = withLand((s) => ({ ...s, channels: ['portal'] }))
    const config = centreConfigSchema.parse({ ...raw, selfService: { allowedDomains: ['Portal.Test'] } })
    expect(config.selfService).toEqual({
      allowedDomains: ['portal.test'],
      idleSeconds: 180,
      warningSeconds: 30,
      qr: {},
    })
    expect(problems(rawConfig())).toEqual([])
  })

  it('refuses a step pattern or start page outside the allowed domains, naming the field', () => {
    const lines = problems(
      withLand((scenario) => ({
        ...scenario,
        startUrl: 'https://evil.example/land',
        steps: [
          LAND_STEPS[0],
          { ...LAND_STEPS[1], urlPattern: 'https://portal.test.evil.example/request/**' },
        ],
      })),
    )
    expect(lines).toEqual([
      'services[2].selfService.startUrl: must be https on an allowed domain (selfService.allowedDomains: portal.test)',
      'services[2].selfService.steps[1].urlPattern: must be https on an allowed domain (selfService.allowedDomains: portal.test)',
    ])
  })

  it('refuses plain http on a public host, but allows it on loopback for a local stand-in', () => {
    const raw = rawSelfServiceConfig()
    expect(problems(withLand((s) => ({ ...s, startUrl: 'http://portal.test/land' }), raw))).toEqual([
      'services[2].selfService.startUrl: must be https on an allowed domain (selfService.allowedDomains: portal.test)',
    ])
    const local = { ...raw, selfService: { ...raw.selfService, allowedDomains: ['127.0.0.1:4567'] } }
    const onLoopback = withLand(
      (s) => ({
        ...s,
        startUrl: 'http://127.0.0.1:4567/land',
        steps: [{ title: LAND_STEPS[0]!.title, urlPattern: 'http://127.0.0.1:4567/login/**' }],
      }),
      local,
    )
    expect(problems(onLoopback)).toEqual([])
  })

  it('refuses a regular expression or a malformed pattern with a readable message', () => {
    const lines = problems(
      withLand((s) => ({
        ...s,
        steps: [
          { ...LAND_STEPS[0], urlPattern: '^https://portal\\.test/(a|b)+$' },
          { ...LAND_STEPS[1], urlPattern: 'https://*.portal.test/request' },
          { ...LAND_STEPS[2], urlPattern: 'https://portal.test/a/***' },
        ],
      })),
    )
    expect(lines[0]).toMatch(
      /^services\[2\]\.selfService\.steps\[0\]\.urlPattern: must be an absolute http\(s\) URL/,
    )
    expect(lines[1]).toMatch(/^services\[2\]\.selfService\.steps\[1\]\.urlPattern: must be an absolute/)
    expect(lines[2]).toBe('services[2].selfService.steps[2].urlPattern: use * or **, not ***')
  })

  it('wants the centre block, an online service, a start page and steps for the portal', () => {
    const raw = rawSelfServiceConfig()
    const { selfService: _dropped, ...withoutCentre } = raw
    expect(problems(withoutCentre)).toEqual([
      'selfService: is required: services[2] ("land") has a selfService block',
    ])
    const offline = {
      ...raw,
      services: raw.services.map((s) => (s.id === 'land' ? { ...s, online: false } : s)),
    }
    expect(problems(offline)).toEqual(['services[2].online: must be true for a service with selfService'])
    expect(problems(withLand(({ startUrl: _s, ...rest }) => ({ ...rest, steps: [] })))).toEqual([
      'services[2].selfService.startUrl: is required with the portal channel',
      'services[2].selfService.steps: give at least one step for the portal channel',
    ])
    expect(problems(withLand((s) => ({ ...s, channels: ['egov-mobile'] })))).toEqual([
      'services[2].selfService.channels: startUrl and steps guide a portal session: add "portal" to channels or remove them',
    ])
  })

  it('checks channels, needs and the QR codes they need', () => {
    const raw = rawSelfServiceConfig()
    const noQr = { ...raw, selfService: { ...raw.selfService, qr: {} } }
    expect(
      problems(withLand((s) => ({ ...s, channels: ['portal', 'egov-mobile', 'telegram-bot'] }), noQr)),
    ).toEqual([
      'selfService.qr.egovMobile: is required: services[2] ("land") offers the egov-mobile channel',
      'selfService.qr.telegramBot: is required: services[2] ("land") offers the telegram-bot channel',
    ])
    const lines = problems(withLand((s) => ({ ...s, channels: ['portal', 'portal'], needs: ['passport'] })))
    expect(lines).toContain('services[2].selfService.channels[1]: "portal" is listed twice')
    expect(lines.some((line) => line.startsWith('services[2].selfService.needs[0]:'))).toBe(true)
    expect(
      problems({ ...raw, selfService: { ...raw.selfService, qr: { telegramBot: 'http://t.me/bot' } } }),
    ).toContain('selfService.qr.telegramBot: must be an https URL')
  })

  it('checks the allowlist entries and the idle times', () => {
    const raw = rawSelfServiceConfig()
    const lines = problems({
      ...raw,
      selfService: { ...raw.selfService, allowedDomains: ['https://egov.kz', '*.egov.kz'], idleSeconds: 5 },
    })
    expect(lines).toContain(
      'selfService.allowedDomains[0]: must be a host name such as egov.kz, or host:port',
    )
    expect(lines).toContain(
      'selfService.allowedDomains[1]: must be a host name such as egov.kz, or host:port',
    )
    expect(lines.some((line) => line.startsWith('selfService.idleSeconds:'))).toBe(true)
  })

  it('publishes the settings to the faces and the catalogue to the kiosk shell', () => {
    const config = selfServiceConfig()
    expect(publicConfig(config).selfService).toEqual(config.selfService)
    expect(publicConfig(centreConfigSchema.parse(rawConfig()))).not.toHaveProperty('selfService')
    const catalogue = selfServiceCatalogue(config)
    expect(catalogue.settings?.allowedDomains).toEqual(['portal.test'])
    expect(catalogue.services).toEqual([
      { id: 'land', selfService: expect.objectContaining({ startUrl: `${PORTAL}/services/land` }) },
    ])
    expect(JSON.stringify(catalogue)).not.toMatch(/passwordHash|keyHash/)
  })
})

describe('the demo centre', () => {
  it('offers guided sessions for its online services, all inside egov.kz', () => {
    const config = loadCentreConfig(DEFAULT_CONFIG_PATH)
    const guided = config.services.filter((s) => s.selfService)
    expect(guided.map((s) => s.id)).toEqual(config.services.filter((s) => s.online).map((s) => s.id))
    expect(config.selfService?.allowedDomains).toEqual(['egov.kz'])
    for (const service of guided) {
      expect(service.selfService!.startUrl).toMatch(/^https:\/\/egov\.kz\//)
      for (const step of service.selfService!.steps) {
        expect(compileUrlPattern(step.urlPattern).origin).toMatch(/^https:\/\/(idp\.)?egov\.kz$/)
        expect(step.title.en).toBeTruthy()
      }
    }
  })
})
