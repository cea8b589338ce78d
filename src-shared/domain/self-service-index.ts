/**
 * The self-service sessions and help requests that are still in play, filed by kiosk and by session,
 * so that a kiosk's command reads its own few instead of every session and help request of the day:
 * the cost of a command must not grow with the day.
 *
 * Derived, never sent, like the queue index (queue-index.ts): it lives beside the state (a WeakMap
 * keyed by the state object), `evolve` keeps it up to date as sessions and help requests change
 * status, and a state without one (loaded from a snapshot, a JSON copy, a face's store) gets it built
 * from its records on first use. So `CentreState` stays plain JSON and the wire format does not change.
 *
 * Ids are filed in the order they came in, which is the order of the state's records (and of the
 * scans this index replaced) for the hub's ids, which are never integer-like keys.
 */
import type { CentreState, HelpRequest, SelfServiceSession } from './types'

const NONE: ReadonlySet<string> = new Set()

function file(sets: Map<string, Set<string>>, key: string, id: string): void {
  let set = sets.get(key)
  if (!set) {
    set = new Set()
    sets.set(key, set)
  }
  set.add(id)
}

function unfile(sets: Map<string, Set<string>>, key: string, id: string): void {
  const set = sets.get(key)
  if (!set?.delete(id)) return
  if (set.size === 0) sets.delete(key)
}

const isPending = (help: HelpRequest): boolean => help.status === 'open' || help.status === 'accepted'

export class SelfServiceIndex {
  /** Active session ids per kiosk: one, as `selfservice:start` ends the one before. */
  private readonly activeSessions = new Map<string, Set<string>>()
  /** Ids of open (not yet accepted) help requests per session. */
  private readonly openHelpRequests = new Map<string, Set<string>>()
  /** Ids of open or accepted help requests per kiosk: one, as `help:request` refuses a second. */
  private readonly pendingHelpRequests = new Map<string, Set<string>>()

  private constructor(
    /** The records and `state.seq` this index reflects. */
    private sessions: CentreState['selfServiceSessions'],
    private helpRequests: CentreState['helpRequests'],
    private seq: number,
  ) {}

  /** An index of the state's sessions and help requests as they are: O(day), once per state object. */
  static build(state: CentreState): SelfServiceIndex {
    const index = new SelfServiceIndex(state.selfServiceSessions, state.helpRequests, state.seq)
    for (const session of Object.values(state.selfServiceSessions)) index.fileSession(session)
    for (const help of Object.values(state.helpRequests)) index.fileHelpRequest(help)
    return index
  }

  reflects(state: CentreState): boolean {
    return (
      this.seq === state.seq &&
      this.sessions === state.selfServiceSessions &&
      this.helpRequests === state.helpRequests
    )
  }

  /** Marks the index as reflecting `state` once `evolve` has applied an event to both. */
  caughtUp(state: CentreState): void {
    this.seq = state.seq
  }

  /** Forgets every session and help request: a new day, with new empty records. */
  restart(state: CentreState): void {
    this.activeSessions.clear()
    this.openHelpRequests.clear()
    this.pendingHelpRequests.clear()
    this.sessions = state.selfServiceSessions
    this.helpRequests = state.helpRequests
  }

  /**
   * Files a session as it now is. `evolve` unfiles a session before it changes or replaces it and
   * files it again after, so the index never needs to remember what it filed.
   */
  fileSession(session: SelfServiceSession): void {
    if (session.status === 'active') file(this.activeSessions, session.kioskId, session.id)
  }

  unfileSession(session: SelfServiceSession): void {
    unfile(this.activeSessions, session.kioskId, session.id)
  }

  /** Files a help request as it now is; the same contract as `fileSession`. */
  fileHelpRequest(help: HelpRequest): void {
    if (help.status === 'open' && help.sessionId !== null)
      file(this.openHelpRequests, help.sessionId, help.id)
    if (isPending(help)) file(this.pendingHelpRequests, help.kioskId, help.id)
  }

  unfileHelpRequest(help: HelpRequest): void {
    if (help.sessionId !== null) unfile(this.openHelpRequests, help.sessionId, help.id)
    unfile(this.pendingHelpRequests, help.kioskId, help.id)
  }

  /** Ids of the kiosk's active sessions. */
  activeSessionsOf(kioskId: string): ReadonlySet<string> {
    return this.activeSessions.get(kioskId) ?? NONE
  }

  /** Ids of the session's help requests no consultant has accepted yet. */
  openHelpRequestsOf(sessionId: string): ReadonlySet<string> {
    return this.openHelpRequests.get(sessionId) ?? NONE
  }

  /** Ids of the kiosk's help requests that are open or accepted. */
  pendingHelpRequestsOf(kioskId: string): ReadonlySet<string> {
    return this.pendingHelpRequests.get(kioskId) ?? NONE
  }
}

const indexes = new WeakMap<CentreState, SelfServiceIndex>()

/**
 * The index `evolve` keeps up to date while it applies the next event: the state's own, if it reflects
 * the state exactly. One that does not (the state was changed some other way) is dropped, to be rebuilt
 * when next needed.
 */
export function liveSelfServiceIndex(state: CentreState): SelfServiceIndex | undefined {
  const index = indexes.get(state)
  if (index && !index.reflects(state)) {
    indexes.delete(state)
    return undefined
  }
  return index
}

/** Forgets the state's index (it named something the state does not hold): the next use rebuilds it. */
export function dropSelfServiceIndex(state: CentreState): void {
  indexes.delete(state)
}

/** The state's index; built afresh if missing or out of step. Never changes the state itself. */
export function selfServiceIndexOf(state: CentreState): SelfServiceIndex {
  const index = liveSelfServiceIndex(state)
  if (index) return index
  const built = SelfServiceIndex.build(state)
  indexes.set(state, built)
  return built
}
