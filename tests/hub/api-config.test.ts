/**
 * Integrations and rate limits are config: the demo centre's integration is the one docs/demo-accounts.md
 * lists, a wrong entry stops the hub with a line naming the field, and the hub meters each socket by the
 * `limits` of its role or its device.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { centreConfigSchema, describeIssues, type CentreConfig } from '../../src-shared/config'
import type { Ack } from '../../src-shared/protocol'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { hashDeviceKey, verifyDeviceKey } from '../../src-main/hub/passwords'
import { demoConfig, requestId, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { readDemoAccounts } from './fixtures/demo-accounts'

const KEY_A = 'test-a-0123456789abcdefghijklmnopqrstuvw'

/** The problems of a config that is the demo one with `change` applied, as the hub prints them. */
function problemsOf(change: (config: Record<string, unknown>) => void): string[] {
  const config = structuredClone(demoConfig()) as unknown as Record<string, unknown>
  change(config)
  const result = centreConfigSchema.safeParse(config)
  return result.success ? [] : describeIssues(result.error)
}

describe('the demo centre', () => {
  const config = loadCentreConfig(DEFAULT_CONFIG_PATH)

  it('has the integration docs/demo-accounts.md lists, with its key and scopes', () => {
    const listed = readDemoAccounts().integrations
    expect(listed.map((i) => i.integrationId)).toEqual(config.integrations.map((i) => i.id))
    for (const account of listed) {
      const integration = config.integrations.find((i) => i.id === account.integrationId)!
      expect(verifyDeviceKey(account.key, integration.keyHash), account.integrationId).toBe(true)
      expect(integration.scopes).toEqual(account.scopes)
    }
  })

  it('writes out the default limits: 100 commands a second per connection, 20 requests per key, the /book page per address', () => {
    const defaults = centreConfigSchema.parse({ ...config, limits: undefined }).limits
    expect(config.limits).toEqual(defaults)
    expect(defaults).toEqual({
      commands: {
        staff: { perSecond: 100, burst: 200 },
        device: { perSecond: 100, burst: 200 },
        tracker: { perSecond: 100, burst: 200 },
      },
      deviceCommands: {},
      integration: { perSecond: 20, burst: 40 },
      bookPage: { requests: { perSecond: 5, burst: 60 }, codes: { perSecond: 1 / 60, burst: 10 } },
    })
  })
})

describe('a wrong integrations or limits section', () => {
  const entry = (extra: Record<string, unknown> = {}) => ({
    id: 'egov',
    name: 'egov.kz',
    keyHash: hashDeviceKey(KEY_A),
    scopes: ['services:read'],
    ...extra,
  })

  it('names each bad field of an integration', () => {
    expect(
      problemsOf((config) => {
        config.integrations = [
          entry({ scopes: ['services:read', 'bookings:delete', 'services:read'] }),
          entry({ id: 'Bad Id', keyHash: 'plain-key', scopes: [], rateLimit: { perSecond: 0, burst: 1 } }),
          entry({ extra: 1 }),
        ]
      }),
    ).toEqual([
      expect.stringMatching(
        /^integrations\[0\]\.scopes\[1\]: Invalid option: expected one of "services:read"/,
      ),
      'integrations[1].id: must be 1–40 lowercase letters, digits or dashes, starting with a letter or digit',
      'integrations[1].keyHash: must be sha256$<64 hex digits> from `npm run hash-password -- --integration`',
      'integrations[1].scopes: give at least one scope',
      'integrations[1].rateLimit.perSecond: must be above 0',
      'integrations[2].extra: unknown field',
    ])
  })

  it('refuses a scope listed twice, and two integrations with one id or one key', () => {
    expect(
      problemsOf((config) => {
        config.integrations = [entry({ scopes: ['services:read', 'services:read'] })]
      }),
    ).toEqual(['integrations[0].scopes[1]: "services:read" is listed twice'])
    expect(problemsOf((config) => (config.integrations = [entry(), entry()]))).toEqual([
      'integrations[1].id: duplicate integration id "egov" (already used by integrations[0])',
      expect.stringMatching(
        /^integrations\[1\]\.keyHash: duplicate integration key ".*" \(already used by integrations\[0\]\)$/,
      ),
    ])
  })

  it('names each bad field of the limits, and a device it does not know', () => {
    expect(
      problemsOf((config) => {
        config.limits = {
          commands: { staff: { perSecond: 10, burst: 0 }, kiosk: { perSecond: 1, burst: 1 } },
          deviceCommands: { 'kiosk-1': { perSecond: 5, burst: 10 }, 'kiosk-9': { perSecond: 5, burst: 10 } },
          integration: { perSecond: -1, burst: 2.5 },
        }
      }),
    ).toEqual([
      'limits.commands.staff.burst: Too small: expected number to be >=1',
      'limits.commands.kiosk: unknown field',
      'limits.integration.perSecond: must be above 0',
      'limits.integration.burst: Invalid input: expected int, received number',
    ])
    expect(
      problemsOf((config) => {
        config.limits = { deviceCommands: { 'kiosk-9': { perSecond: 5, burst: 10 } } }
      }),
    ).toEqual(['limits.deviceCommands.kiosk-9: unknown device "kiosk-9"'])
  })
})

describe('command rates from the config', () => {
  let hub: TestHub | undefined
  afterEach(async () => {
    await hub?.close()
    hub = undefined
  })

  /** How many of `count` commands sent at once the hub took, and how many it refused as over the rate. */
  async function flood(client: TestClient, count: number): Promise<{ taken: number; limited: number }> {
    const acks = await Promise.all(
      Array.from({ length: count }, () =>
        client.send<Ack<object>>('ticket:issue', { requestId: requestId(), serviceId: 'no-criminal-record' }),
      ),
    )
    return {
      taken: acks.filter((a) => a.ok).length,
      limited: acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length,
    }
  }

  it("meters each device by its role's limit or its own line, and staff by theirs", async () => {
    // One command per 1000 s after the burst: nothing refills while the test runs, however slow.
    const config: CentreConfig = centreConfigSchema.parse({
      ...demoConfig(),
      limits: {
        commands: { device: { perSecond: 0.001, burst: 3 }, staff: { perSecond: 0.001, burst: 2 } },
        deviceCommands: { 'kiosk-2': { perSecond: 0.001, burst: 5 } },
      },
    })
    hub = await startTestHub({ config })
    expect(await flood(await hub.deviceClient('kiosk-1'), 6)).toEqual({ taken: 3, limited: 3 })
    expect(await flood(await hub.deviceClient('kiosk-2'), 6)).toEqual({ taken: 5, limited: 1 })
    const supervisor = await hub.staffClient('supervisor')
    const codes = []
    for (let i = 0; i < 3; i++) {
      const ack = await supervisor.send<Ack<object>>('desk:open', {
        requestId: requestId(),
        deskId: 'desk-1',
      })
      codes.push(ack.ok ? 'ok' : ack.error.code)
    }
    expect(codes[2]).toBe('rate_limited')
    expect(codes.slice(0, 2)).not.toContain('rate_limited')
  })
})
