/** The part of the config the hub sends every face. */
import type { CentreConfig } from './centre-config'
import type { DeskConfig } from './desks'
import type { PriorityCategoryConfig, QueuePolicy } from './policy'
import type { SelfServiceSettings } from './self-service'
import type { ServiceConfig, ServiceGroupConfig } from './services'

/** The part of the config every face may see: no staff, no device keys, no other call-next rule. */
export interface PublicCentreConfig {
  centre: CentreConfig['centre']
  serviceGroups: ServiceGroupConfig[]
  services: ServiceConfig[]
  desks: DeskConfig[]
  priorityCategories: PriorityCategoryConfig[]
  /**
   * Of the call-next rules, only what the wait estimate reads, so every face that shows an estimate
   * (the supervisor's figures) gives the one the kiosk prints.
   */
  policy: Pick<QueuePolicy, 'estimateWindow'>
  /** Absent when the centre offers no guided self-service. */
  selfService?: SelfServiceSettings
}

export function publicConfig(config: CentreConfig): PublicCentreConfig {
  return {
    centre: config.centre,
    serviceGroups: config.serviceGroups,
    services: config.services,
    desks: config.desks,
    priorityCategories: config.priorityCategories,
    policy: { estimateWindow: config.policy.estimateWindow },
    ...(config.selfService ? { selfService: config.selfService } : {}),
  }
}
