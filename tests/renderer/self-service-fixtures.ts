/**
 * The renderer's test centre (./fixtures.ts) with guided self-service: `no-criminal-record` runs a
 * three-step scenario on a portal stand-in, and `mobile-registration` is the registration desk's service.
 */
import { centreConfigSchema, publicConfig, type PublicCentreConfig } from '../../src-shared/config'
import { initialState, type CentreState, type HelpRequest } from '../../src-shared/domain'
import { testConfig } from './fixtures'

const text = (en: string, ru = en, kk = en) => ({ kk, ru, en })
export const PORTAL = 'https://portal.test'

export function selfServicePublicConfig(): PublicCentreConfig {
  const base = testConfig()
  const config = centreConfigSchema.parse({
    ...base,
    services: [
      ...base.services.map((service) =>
        service.id === 'no-criminal-record'
          ? {
              ...service,
              selfService: {
                channels: ['portal', 'egov-mobile', 'telegram-bot'],
                needs: ['iin', 'phone-binding'],
                startUrl: `${PORTAL}/services/record`,
                steps: [
                  { title: text('Sign in', 'Вход', 'Кіру'), urlPattern: `${PORTAL}/idp/**` },
                  { title: text('Fill in the request'), urlPattern: `${PORTAL}/request/**` },
                  { title: text('Get the certificate'), urlPattern: `${PORTAL}/result/**` },
                ],
              },
            }
          : service,
      ),
      {
        id: 'mobile-registration',
        group: 'documents',
        prefix: 'R',
        mobileRegistration: true,
        name: text('Mobile-citizen registration'),
      },
    ],
    selfService: {
      allowedDomains: ['portal.test'],
      idleSeconds: 120,
      warningSeconds: 20,
      qr: { egovMobile: 'https://egov.kz/mobile', telegramBot: 'https://t.me/EGovKzBot' },
    },
  })
  return publicConfig(config)
}

export function emptyState(): CentreState {
  return initialState('astana-test')
}

/** No ticket yet, and one window open for every service, so "take a ticket" issues it at once. */
export function servedState(): CentreState {
  const state = emptyState()
  state.desks['desk-1'] = {
    id: 'desk-1',
    status: 'open',
    staffId: 'aigerim',
    serviceIds: selfServicePublicConfig().services.map((s) => s.id),
    ticketId: null,
    priorityStreak: 0,
    since: 0,
  }
  return state
}

export function helpRequest(fields: Partial<HelpRequest> & { id: string }): HelpRequest {
  return {
    kioskId: 'kiosk-1',
    serviceId: 'no-criminal-record',
    sessionId: 's1',
    step: 1,
    status: 'open',
    requestedAt: 0,
    staffId: null,
    firstName: null,
    acceptedAt: null,
    closedAt: null,
    ...fields,
  }
}
