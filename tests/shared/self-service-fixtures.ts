/**
 * The test centre of ./fixtures.ts with guided self-service: `land` (prefix B) can be done on a portal
 * stand-in at portal.test in three steps, and in eGov Mobile; `passport` and `birth` cannot.
 */
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import type { Actor, Command } from '../../src-shared/domain/types'
import { kiosk, rawConfig, TestCentre } from './fixtures'

const text = (en: string) => ({ kk: en, ru: en, en })

export const PORTAL = 'https://portal.test'

export const LAND_STEPS = [
  { title: text('Sign in'), urlPattern: `${PORTAL}/login/**` },
  { title: text('Fill in the request'), urlPattern: `${PORTAL}/services/land/request/**` },
  { title: text('Get the certificate'), urlPattern: `${PORTAL}/services/land/result/**` },
]

/** The raw (unvalidated) config with a self-service scenario, for config tests to break. */
export function rawSelfServiceConfig() {
  const raw = rawConfig()
  return {
    ...raw,
    services: raw.services.map((service) =>
      service.id === 'land'
        ? {
            ...service,
            online: true,
            selfService: {
              channels: ['portal', 'egov-mobile'],
              needs: ['iin', 'phone-binding'],
              startUrl: `${PORTAL}/services/land`,
              steps: LAND_STEPS,
            },
          }
        : service,
    ),
    selfService: {
      allowedDomains: ['portal.test'],
      idleSeconds: 120,
      warningSeconds: 20,
      qr: { egovMobile: 'https://egov.kz/mobile', telegramBot: 'https://t.me/EGovKzBot' },
    },
  }
}

export function selfServiceConfig(): CentreConfig {
  return centreConfigSchema.parse(rawSelfServiceConfig())
}

export const kiosk2: Actor = { kind: 'device', deviceId: 'kiosk-2', deviceKind: 'kiosk' }

/** A centre whose kiosks run sessions of `land`; shorthands return the new ids. */
export class SelfServiceCentre extends TestCentre {
  constructor(options: { start?: number } = {}) {
    super({ ...options, config: selfServiceConfig() })
  }

  startSession(actor: Actor = kiosk, serviceId = 'land'): string {
    const started = this.run({ type: 'selfservice:start', serviceId }, actor).find(
      (e) => e.type === 'selfservice:started',
    )
    if (!started || started.type !== 'selfservice:started') throw new Error('no selfservice:started event')
    return started.sessionId
  }

  askHelp(fields: Partial<Extract<Command, { type: 'help:request' }>> = {}, actor: Actor = kiosk): string {
    const asked = this.run({ type: 'help:request', serviceId: 'land', ...fields }, actor).find(
      (e) => e.type === 'help:requested',
    )
    if (!asked || asked.type !== 'help:requested') throw new Error('no help:requested event')
    return asked.helpId
  }
}
