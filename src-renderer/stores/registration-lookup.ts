import { ref, shallowRef, type Ref } from 'vue'
import type { BindingView, RegistrationUpdate, RegistrationView } from '../../src-shared/protocol'
import { iinFeedback } from '../registration/registration-fields'
import type { RegistrationRequests } from './registration-requests'

/** A binding as the panel keeps it: the full IIN and phone of a confirm ack are dropped at once. */
export function masked(binding: BindingView): BindingView {
  const { iin: _iin, phone: _phone, ...rest } = binding
  return rest
}

/**
 * The lookup of bindings by IIN on the registration panel: what was asked (the full IIN, this screen
 * only), what the hub found (masked), revocations, and the live state of the bindings listed.
 */
export function useBindingLookup(
  context: Ref<{ deskId: string; ticketId: string | null } | null>,
  requests: RegistrationRequests,
) {
  const lookupIin = ref('')
  const lookup = shallowRef<BindingView[] | null>(null)

  function clear(): void {
    lookupIin.value = ''
    lookup.value = null
  }

  /** Finds the bindings of an IIN (masked). Audited by the hub as a view. */
  async function find(iin: string): Promise<boolean> {
    const where = context.value
    if (!where || iinFeedback(iin, true).state !== 'valid') return false
    const ack = await requests.run('find', 'binding:find', { deskId: where.deskId, iin })
    if (!ack) return false
    lookupIin.value = iin
    lookup.value = ack.bindings
    return true
  }

  /** Revokes a binding; resolves with the hub's view of it, or null when refused. */
  async function revoke(binding: BindingView, reason: string): Promise<BindingView | null> {
    const where = context.value
    const text = reason.trim()
    if (!where || text === '') return null
    const ack = await requests.run('revoke', 'registration:revoke', {
      deskId: where.deskId,
      bindingId: binding.id,
      reason: text,
    })
    if (!ack) return null
    lookup.value = (lookup.value ?? []).map((b) => (b.id === binding.id ? ack.binding : b))
    requests.notice.value = 'revoked'
    return ack.binding
  }

  /** A phone change was confirmed: the new binding heads the list, the old one shows as replaced. */
  function adoptReplacement(registration: RegistrationView, binding: BindingView): void {
    if (!lookup.value || !registration.replacesBindingId) return
    const replaced = registration.replacesBindingId
    lookup.value = [
      masked(binding),
      ...lookup.value.map((b) =>
        b.id === replaced ? { ...b, status: 'replaced' as const, replacedBy: binding.id } : b,
      ),
    ]
  }

  /** Puts the hub's latest view of a binding into the list, if it is there. */
  function sync(binding: BindingView): void {
    if (lookup.value?.some((b) => b.id === binding.id)) {
      lookup.value = lookup.value.map((b) => (b.id === binding.id ? masked(binding) : b))
    }
  }

  /** A binding of the list was delivered or is being retried (its revocation, say). */
  function followDelivery(update: RegistrationUpdate): void {
    const delivery = update.change === 'delivered' || update.change === 'delivery-retrying'
    if (!lookup.value || !update.bindingId || !delivery) return
    lookup.value = lookup.value.map((b) =>
      b.id === update.bindingId
        ? {
            ...b,
            delivery: {
              status: update.change === 'delivered' ? 'delivered' : 'retrying',
              attempts: b.delivery?.attempts ?? 0,
              lastError: b.delivery?.lastError ?? null,
              nextAttemptAt: null,
              deliveredAt: update.change === 'delivered' ? update.at : null,
            },
          }
        : b,
    )
  }

  return { lookupIin, lookup, clear, find, revoke, adoptReplacement, sync, followDelivery }
}
