/** The event loop's agenda: a binary min-heap on (time, order of scheduling), so ties go first come first. */

export interface Entry<T> {
  at: number
  order: number
  item: T
}

export class Agenda<T> {
  private heap: Entry<T>[] = []
  private scheduled = 0

  get size(): number {
    return this.heap.length
  }

  schedule(at: number, item: T): void {
    const heap = this.heap
    heap.push({ at, order: this.scheduled++, item })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  /** The earliest entry, removed; undefined when the agenda is empty. */
  take(): Entry<T> | undefined {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop()
    if (!top || !last || heap.length === 0) return top
    heap[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
      if (m === i) return top
      ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
      i = m
    }
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order)
}
