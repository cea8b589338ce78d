/**
 * The centre config as it is now: one holder for the whole hub, so a change from the admin screen takes
 * effect without a restart. Modules read the config through `view` (a read-through object: every
 * property read answers from the current config, so `config.staff.find(...)` at sign-in, at a device's
 * handshake or in the engine's `decide` sees the newest one), and whatever a module derives once from
 * the config (the faces' public config, rank maps, rates) it derives again in `onChange`.
 *
 * A replacement is synchronous: the engine decides a whole batch in one tick, so a new config reaches it
 * between batches of commands, never in the middle of one.
 */
import type { CentreConfig } from '../../src-shared/config'

export type ConfigListener = (next: CentreConfig, previous: CentreConfig) => void

export class LiveConfig {
  #current: CentreConfig
  readonly #listeners = new Set<ConfigListener>()
  /** A read-through view of the current config, for modules that keep "the config". */
  readonly view: CentreConfig

  constructor(initial: CentreConfig) {
    this.#current = initial
    const read = () => this.#current as unknown as Record<PropertyKey, unknown>
    this.view = new Proxy({} as CentreConfig, {
      get: (_target, key) => read()[key],
      has: (_target, key) => key in read(),
      ownKeys: () => Reflect.ownKeys(read()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(read(), key)
        return descriptor ? { ...descriptor, configurable: true } : undefined
      },
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    })
  }

  get current(): CentreConfig {
    return this.#current
  }

  /** Called after every replacement, in the order subscribed. Returns the way to unsubscribe. */
  onChange(listener: ConfigListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Makes `next` the config of the whole hub (already validated by the caller), then tells the listeners. */
  replace(next: CentreConfig): void {
    const previous = this.#current
    this.#current = next
    for (const listener of this.#listeners) listener(next, previous)
  }
}
