import { evolve } from './evolve'
import type { CentreState, DomainEvent, EventEnvelope } from './types'

/** Stamps decided events with the next seqs and the time, and applies them to `state` (in place). */
export function applyEvents(state: CentreState, events: readonly DomainEvent[], at: number): EventEnvelope[] {
  const envelopes: EventEnvelope[] = []
  for (const event of events) {
    const envelope = { ...event, seq: state.seq + 1, at } as EventEnvelope
    evolve(state, envelope)
    envelopes.push(envelope)
  }
  return envelopes
}
