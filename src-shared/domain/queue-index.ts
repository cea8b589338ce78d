/**
 * The waiting tickets of each service, filed the way call-next looks at them, so that a call reads a
 * few queue heads instead of every waiting ticket: the cost of a command must not grow with the day.
 *
 * Per service: one line for regular visitors and one per priority category, each in queue order, and
 * the booked visitors by slot. A booking jumps the lines only while its slot is due, so a line's head
 * is its first ticket that is not a due booking (due bookings are few: only the slots around now).
 *
 * The index is derived, never sent: it lives beside the state (a WeakMap keyed by the state object),
 * `evolve` keeps it up to date as it moves tickets in and out of `state.queues`, and a state without
 * one (loaded from a snapshot, a JSON copy, a face's store) gets it built from `state.queues` on first
 * use. So `CentreState` stays plain JSON and the wire format does not change.
 */
import {
  bookingCloses,
  type CallPolicy,
  categoryRank,
  chooseNext,
  isBookingDue,
  type BookingWindow,
  type ClassHeads,
  type PolicyChoice,
} from './policy'
import type { CentreState, Ticket } from './types'

/** A waiting ticket as the index files it: its order keys, which do not change while it waits. */
interface Entry {
  readonly id: string
  readonly serviceId: string
  readonly categoryId: string | null
  readonly bookedFor: number | null
  readonly rank: number
  readonly issuedAt: number
  /**
   * When it entered the queue. A newcomer goes after the tickets of equal rank and issue time, so among
   * equals this is the queue's order.
   */
  readonly seq: number
}

/** One service's waiting tickets. */
interface ServiceLines {
  /** How many ids `state.queues[serviceId]` holds, to notice a queue changed behind `evolve`'s back. */
  size: number
  /** Tickets without a category (booked or not), in queue order. */
  regular: Entry[]
  /** Tickets per priority category (booked or not), in queue order; no empty lines. */
  categories: Map<string, Entry[]>
  /** Booked tickets, due or not, by slot and then queue order. */
  bookings: Entry[]
}

type Order = (a: Entry, b: Entry) => number

const byRank = (a: Entry, b: Entry): number => a.rank - b.rank || a.issuedAt - b.issuedAt
const inQueueOrder: Order = (a, b) => byRank(a, b) || a.seq - b.seq
const bySlot = (a: Entry, b: Entry): number => a.bookedFor! - b.bookedFor! || byRank(a, b)
const inSlotOrder: Order = (a, b) => bySlot(a, b) || a.seq - b.seq

/** How many of `line` (sorted by `order`) go before `entry`. */
function countBefore(line: readonly Entry[], entry: Entry, order: Order): number {
  let lo = 0
  let hi = line.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (order(line[mid]!, entry) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function insert(line: Entry[], entry: Entry, order: Order): void {
  line.splice(countBefore(line, entry, order), 0, entry)
}

function remove(line: Entry[], entry: Entry, order: Order): void {
  const at = countBefore(line, entry, order)
  const index = line[at] === entry ? at : line.indexOf(entry)
  if (index >= 0) line.splice(index, 1)
}

function entryOf(ticket: Ticket, serviceId: string, seq: number): Entry {
  return {
    id: ticket.id,
    serviceId,
    categoryId: ticket.categoryId,
    bookedFor: ticket.bookedFor,
    rank: ticket.rank,
    issuedAt: ticket.issuedAt,
    seq,
  }
}

/**
 * The due bookings of a service: slots only grow along `bookings`, and so do both ends of their
 * windows, so the due ones are one run, from the first whose window has not closed yet to the first
 * whose window has not opened yet.
 */
function firstDue(bookings: readonly Entry[], now: number, policy: BookingWindow): number {
  let lo = 0
  let hi = bookings.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (now > bookingCloses(bookings[mid]!.bookedFor!, policy)) lo = mid + 1
    else hi = mid
  }
  return lo
}

function endOfDue(bookings: readonly Entry[], from: number, now: number, policy: BookingWindow): number {
  let to = from
  while (to < bookings.length && isBookingDue(bookings[to]!.bookedFor!, now, policy)) to++
  return to
}

const isDue = (entry: Entry, now: number, policy: BookingWindow): boolean =>
  entry.bookedFor !== null && isBookingDue(entry.bookedFor, now, policy)

/**
 * A booked ticket ranked from a time still to come: a kiosk walk-in, sent away to come back for its slot
 * and ranked from the opening of its window (`checkedIn` in bookings.ts). Not in the hall yet.
 */
const isEarly = (entry: Entry, now: number): boolean => entry.bookedFor !== null && entry.rank > now

/**
 * A line's first ticket that is not a due booking (those are called as bookings) and not an early one
 * (its holder was told to come back at its slot; called now, they would be a no-show).
 */
function headOf(line: readonly Entry[], now: number, policy: BookingWindow): Entry | undefined {
  for (const entry of line) if (!isDue(entry, now, policy) && !isEarly(entry, now)) return entry
  return undefined
}

export class QueueIndex {
  private readonly services = new Map<string, ServiceLines>()
  private readonly entries = new Map<string, Entry>()
  private nextSeq = 0

  private constructor(
    /** The `state.queues` object and `state.seq` this index reflects. */
    private queues: CentreState['queues'],
    private seq: number,
  ) {}

  /** An index of the state's queues as they are: O(waiting), once per state object. */
  static build(state: CentreState): QueueIndex {
    const index = new QueueIndex(state.queues, state.seq)
    for (const [serviceId, ids] of Object.entries(state.queues)) {
      for (const id of ids) {
        const ticket = state.tickets[id]
        // A queued id without a ticket is skipped, as call-next has always done; it still counts in the size.
        if (ticket && !index.entries.has(id)) index.file(ticket, serviceId)
        else index.linesOf(serviceId).size++
      }
    }
    return index
  }

  reflects(state: CentreState): boolean {
    return this.seq === state.seq && this.queues === state.queues
  }

  /** Whether the index holds as many tickets for `serviceId` as `state.queues` does. */
  sizeMatches(state: CentreState, serviceId: string): boolean {
    return (this.services.get(serviceId)?.size ?? 0) === (state.queues[serviceId]?.length ?? 0)
  }

  /** Files a ticket that has just entered the queue of its service. */
  add(ticket: Ticket): void {
    this.file(ticket, ticket.serviceId)
  }

  /** Unfiles a ticket that has just left the queue of its service. */
  remove(ticketId: string): void {
    const entry = this.entries.get(ticketId)
    if (!entry) return
    this.entries.delete(ticketId)
    const lines = this.linesOf(entry.serviceId)
    lines.size--
    if (entry.categoryId === null) remove(lines.regular, entry, inQueueOrder)
    else {
      const line = lines.categories.get(entry.categoryId)
      if (line) {
        remove(line, entry, inQueueOrder)
        if (line.length === 0) lines.categories.delete(entry.categoryId)
      }
    }
    if (entry.bookedFor !== null) remove(lines.bookings, entry, inSlotOrder)
  }

  /** Forgets every ticket: a new day, with new empty queues. */
  restart(state: CentreState): void {
    this.services.clear()
    this.entries.clear()
    this.queues = state.queues
  }

  /** Marks the index as reflecting `state` once `evolve` has applied an event to both. */
  caughtUp(state: CentreState): void {
    this.seq = state.seq
  }

  lines(serviceId: string): ServiceLines | undefined {
    return this.services.get(serviceId)
  }

  entry(ticketId: string): Entry | undefined {
    return this.entries.get(ticketId)
  }

  private linesOf(serviceId: string): ServiceLines {
    let lines = this.services.get(serviceId)
    if (!lines) {
      lines = { size: 0, regular: [], categories: new Map(), bookings: [] }
      this.services.set(serviceId, lines)
    }
    return lines
  }

  private file(ticket: Ticket, serviceId: string): void {
    const lines = this.linesOf(serviceId)
    const entry = entryOf(ticket, serviceId, this.nextSeq++)
    lines.size++
    this.entries.set(entry.id, entry)
    if (entry.categoryId === null) insert(lines.regular, entry, inQueueOrder)
    else {
      let line = lines.categories.get(entry.categoryId)
      if (!line) {
        line = []
        lines.categories.set(entry.categoryId, line)
      }
      insert(line, entry, inQueueOrder)
    }
    if (entry.bookedFor !== null) insert(lines.bookings, entry, inSlotOrder)
  }
}

const indexes = new WeakMap<CentreState, QueueIndex>()

/**
 * The index `evolve` keeps up to date while it applies the next event: the state's own, if it reflects
 * the state exactly. One that does not (the state was changed some other way) is dropped, to be rebuilt
 * when next needed.
 */
export function liveQueueIndex(state: CentreState): QueueIndex | undefined {
  const index = indexes.get(state)
  if (index && !index.reflects(state)) {
    indexes.delete(state)
    return undefined
  }
  return index
}

/** The state's index, checked against the queues of `serviceIds`; built afresh if missing or out of step. */
function indexFor(state: CentreState, serviceIds: readonly string[]): QueueIndex {
  const index = indexes.get(state)
  if (index && index.reflects(state) && serviceIds.every((id) => index.sizeMatches(state, id))) return index
  const built = QueueIndex.build(state)
  indexes.set(state, built)
  return built
}

function ticketOf(state: CentreState, entry: Entry | undefined): Ticket | undefined {
  if (!entry) return undefined
  const ticket = state.tickets[entry.id]
  if (!ticket) {
    // Dropped, so that the next command rebuilds it from the state instead of failing the same way.
    indexes.delete(state)
    throw new Error(`queue index out of step: ticket ${entry.id} is filed but not in the state`)
  }
  return ticket
}

export interface PickInput {
  now: number
  policy: CallPolicy
  /** Category id -> rank (lower first). Unknown categories rank last. */
  categoryRanks: Readonly<Record<string, number>>
  /** Booked/priority calls in a row at this desk. */
  streak: number
}

/**
 * Which waiting ticket a desk serving `serviceIds` calls next, and why (see policy.ts); null when no one
 * waits for them. Reads the heads of each service's lines and its due bookings, never a whole queue:
 * O(services × (categories + 2) + due bookings), plus a binary search per service.
 */
export function pickNext(
  state: CentreState,
  serviceIds: readonly string[],
  input: PickInput,
): PolicyChoice | null {
  const { now, policy, categoryRanks } = input
  const index = indexFor(state, serviceIds)
  let booking: Entry | undefined
  let priority: Entry | undefined
  let priorityRank = 0
  let regular: Entry | undefined
  // Between services, equal tickets go to the service the desk lists first: hence strict comparisons
  // there, and the queue order (seq) only within one service.
  for (const serviceId of serviceIds) {
    const lines = index.lines(serviceId)
    if (!lines) continue

    const first = firstDue(lines.bookings, now, policy)
    const due = lines.bookings[first]
    if (due && isDue(due, now, policy) && (!booking || bySlot(due, booking) < 0)) booking = due

    let head: Entry | undefined
    let headRank = 0
    for (const [categoryId, line] of lines.categories) {
      const candidate = headOf(line, now, policy)
      if (!candidate) continue
      const rank = categoryRank(categoryRanks, categoryId)
      if (!head || (rank - headRank || inQueueOrder(candidate, head)) < 0) {
        head = candidate
        headRank = rank
      }
    }
    if (head && (!priority || (headRank - priorityRank || byRank(head, priority)) < 0)) {
      priority = head
      priorityRank = headRank
    }

    const walkIn = headOf(lines.regular, now, policy)
    if (walkIn && (!regular || byRank(walkIn, regular) < 0)) regular = walkIn
  }
  const heads: ClassHeads = {
    booking: ticketOf(state, booking),
    priority: ticketOf(state, priority),
    regular: ticketOf(state, regular),
  }
  return chooseNext(heads, now, policy, input.streak)
}

/**
 * Waiting tickets of the same service the policy would call before `ticket`, if nothing changed and
 * without the starvation bounds (which depend on who calls). Tickets in the same class with equal keys
 * count in queue order. O(categories × log(queue) + due bookings).
 */
export function countAhead(
  state: CentreState,
  ticket: Ticket,
  now: number,
  policy: BookingWindow,
  categoryRanks: Readonly<Record<string, number>>,
): number {
  return countAheadIn(state, ticket, ticket.serviceId, now, policy, categoryRanks)
}

/**
 * Waiting tickets of `serviceId` that a desk serving both it and `ticket`'s service would call before
 * `ticket`, by the same rules as `countAhead`. For another service than the ticket's own, those equal
 * to it on every key count as ahead. The ticket need not be in any queue (a newcomer not yet issued).
 */
export function countAheadIn(
  state: CentreState,
  ticket: Ticket,
  serviceId: string,
  now: number,
  policy: BookingWindow,
  categoryRanks: Readonly<Record<string, number>>,
): number {
  const index = indexFor(state, [serviceId])
  const lines = index.lines(serviceId)
  if (!lines) return 0
  const filed = index.entry(ticket.id)
  // A ticket not in this queue would count everyone equal to it as ahead.
  const self = filed?.serviceId === serviceId ? filed : entryOf(ticket, serviceId, Number.POSITIVE_INFINITY)
  const { bookings } = lines
  const from = firstDue(bookings, now, policy)
  const to = endOfDue(bookings, from, now, policy)

  // A due booking: the due bookings are a run in slot order, and those before it in that run go first.
  if (isDue(self, now, policy)) return countBefore(bookings, self, inSlotOrder) - from

  // Otherwise every due booking goes first, plus those ahead in the lines; a due booking in a line
  // already counted there is not counted twice.
  let ahead = 0
  let countedInLine: (entry: Entry) => boolean
  if (self.categoryId !== null) {
    const ownRank = categoryRank(categoryRanks, self.categoryId)
    for (const [categoryId, line] of lines.categories) {
      const rank = categoryRank(categoryRanks, categoryId)
      if (rank < ownRank) ahead += line.length
      else if (rank === ownRank) ahead += countBefore(line, self, inQueueOrder)
    }
    countedInLine = (entry) => {
      if (entry.categoryId === null) return false
      const rank = categoryRank(categoryRanks, entry.categoryId)
      return rank < ownRank || (rank === ownRank && inQueueOrder(entry, self) < 0)
    }
  } else {
    for (const line of lines.categories.values()) ahead += line.length
    ahead += countBefore(lines.regular, self, inQueueOrder)
    countedInLine = (entry) => entry.categoryId !== null || inQueueOrder(entry, self) < 0
  }
  for (let i = from; i < to; i++) if (!countedInLine(bookings[i]!)) ahead++
  return ahead
}
