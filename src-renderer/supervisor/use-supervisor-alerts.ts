/**
 * The live view's alerts (issue 16): `supervisorAlerts` of the shared figures over the centre store, the
 * config's `alerts` section (its defaults on an older hub) and the devices' connections, recomputed as
 * the clock ticks; each alert's key says which it is, so a chime sounds only for a new one.
 */
import { storeToRefs } from 'pinia'
import { computed, type ComputedRef, type Ref } from 'vue'
import { alertsSchema, type AlertsConfig } from '../../src-shared/config'
import { supervisorAlerts, type Alert } from '../../src-shared/figures'
import { useCentreStore } from '../stores/centre'
import { useFloorStore } from '../stores/floor'

const DEFAULTS = alertsSchema.parse({})

export function alertKey(alert: Alert): string {
  switch (alert.kind) {
    case 'long-wait':
    case 'unserved':
      return `${alert.kind}:${alert.serviceId}`
    case 'long-pause':
      return `${alert.kind}:${alert.deskId}`
    default:
      return `${alert.kind}:${alert.deviceId}`
  }
}

export function useSupervisorAlerts(now: Ref<number>): {
  alerts: ComputedRef<Alert[]>
  keys: ComputedRef<string[]>
  settings: ComputedRef<AlertsConfig>
} {
  const { config, state } = storeToRefs(useCentreStore())
  const { presence } = storeToRefs(useFloorStore())
  const settings = computed(() => config.value?.alerts ?? DEFAULTS)
  const alerts = computed(() =>
    supervisorAlerts({
      state: state.value,
      alerts: settings.value,
      now: now.value,
      presence: presence.value,
      // A pause for a configured reason has that reason's limit (lunch longer than a technical break).
      pauseLimitMinutes: (deskId) => {
        const reason = state.value?.desks[deskId]?.pauseReason
        return config.value?.pauseReasons?.find((r) => r.id === reason)?.limitMinutes
      },
    }),
  )
  const keys = computed(() => alerts.value.map(alertKey))
  return { alerts, keys, settings }
}
