import { storeToRefs } from 'pinia'
import { computed, type ComputedRef } from 'vue'
import type { ServiceConfig } from '../../src-shared/config'
import type { Ticket } from '../../src-shared/domain'
import { REGISTRATION_ROLES, type Role } from '../../src-shared/protocol'
import { useCentreStore } from '../stores/centre'
import { useConsultantStore } from '../stores/consultant'

/**
 * Whether the registration panel belongs on the dashboard: a ticket in hand for a service the config
 * marks `mobileRegistration`, at the desk of someone the hub lets register (registrar, supervisor,
 * admin). A consultant who calls such a ticket sees the ordinary ticket card: the hub would refuse them.
 */
export function registrationApplies(
  ticket: Pick<Ticket, 'serviceId'> | null,
  service: Pick<ServiceConfig, 'mobileRegistration'> | undefined,
  roles: readonly string[],
): boolean {
  if (!ticket || !service?.mobileRegistration) return false
  return roles.some((role) => (REGISTRATION_ROLES as readonly string[]).includes(role as Role))
}

/** `registrationApplies` for the signed-in staff member's ticket in hand (roles as the hub told us). */
export function useRegistrationApplies(): ComputedRef<boolean> {
  const { serviceById, you } = storeToRefs(useCentreStore())
  const { ticketInHand } = storeToRefs(useConsultantStore())
  return computed(() =>
    registrationApplies(
      ticketInHand.value,
      ticketInHand.value ? serviceById.value.get(ticketInHand.value.serviceId) : undefined,
      you.value?.roles ?? [],
    ),
  )
}
