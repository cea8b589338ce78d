import { onScopeDispose, shallowRef, toRaw, watch, type Ref, type ShallowRef } from 'vue'
import { useCentreStore } from '../stores/centre'
import { useConnectionStore } from '../stores/connection'
import { dayFigures, type DayFigures } from '../../src-shared/figures'

export interface FiguresOptions {
  /** Staff names by id, for the windows table. */
  staffNames: Readonly<Ref<Readonly<Record<string, string>>>>
  /** The ticking hub clock of the view: recomputes when a clock-only figure is due to change. */
  now: Readonly<Ref<number>>
  /** At most one recomputation per this many ms, however fast facts arrive. */
  minIntervalMs?: number
}

/**
 * The day's figures, recomputed when the centre state changes, at most once per `minIntervalMs`: a busy
 * hall sends several facts a second, and each recomputation walks the whole day. Live timers do not need
 * a recomputation; they tick in the view from the `...Since` timestamps.
 */
export function useSupervisorFigures(options: FiguresOptions): ShallowRef<DayFigures | null> {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const minIntervalMs = options.minIntervalMs ?? 1_000
  const figures = shallowRef<DayFigures | null>(null)
  let lastRun = Number.NEGATIVE_INFINITY
  let timer: ReturnType<typeof setTimeout> | null = null

  function run(): void {
    timer = null
    lastRun = Date.now()
    const config = centre.config
    // The raw state: read once per recomputation, nothing to track, and no proxy on every field read.
    figures.value =
      config && centre.loaded
        ? dayFigures(toRaw(centre.state), config, connection.serverNow(), {
            staffNames: options.staffNames.value,
          })
        : null
  }

  function schedule(): void {
    if (timer !== null) return
    const wait = lastRun + minIntervalMs - Date.now()
    if (wait <= 0) run()
    else timer = setTimeout(run, wait)
  }

  watch(
    [
      () => centre.state,
      () => centre.state.seq,
      () => centre.config,
      () => centre.loaded,
      options.staffNames,
    ],
    schedule,
    { immediate: true },
  )
  watch(options.now, (now) => {
    const next = figures.value?.nextChangeAt
    if (next !== null && next !== undefined && now >= next) schedule()
  })
  onScopeDispose(() => {
    if (timer !== null) clearTimeout(timer)
  })
  return figures
}
