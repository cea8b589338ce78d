/**
 * `GET /api/join/services`: the centre, the services one may join from home with the wait a joiner would
 * have now (or why one cannot join now), the travel times to choose from, and the notifications offered.
 * Nothing personal; nothing changes.
 */
import { remoteSettings } from '../../../../src-shared/domain'
import { joinableServices } from '../../remote-join'
import type { PageAnswer } from '../citizen-page'
import { notifyCatalogue } from '../notify-offer'
import type { JoinContext } from './context'

/** The travel times the page offers, in minutes, besides the centre's default (those above its most are left out). */
const TRAVEL_CHOICES = [15, 30, 45, 60]

export function travelChoices(settings: { travelMinutes: number; maxTravelMinutes: number }): number[] {
  const choices = new Set(TRAVEL_CHOICES.filter((minutes) => minutes <= settings.maxTravelMinutes))
  choices.add(Math.min(settings.travelMinutes, settings.maxTravelMinutes))
  return [...choices].sort((a, b) => a - b)
}

export function joinCatalogue(context: JoinContext): PageAnswer {
  const { config, engine } = context
  const settings = remoteSettings(config)
  return {
    status: 200,
    json: {
      centre: {
        name: config.centre.name,
        address: config.centre.address ?? null,
        timeZone: config.centre.timeZone,
      },
      travel: {
        choices: travelChoices(settings),
        defaultMinutes: settings.travelMinutes,
        maxMinutes: settings.maxTravelMinutes,
      },
      notify: notifyCatalogue(context),
      services: joinableServices(engine, config),
    },
  }
}
