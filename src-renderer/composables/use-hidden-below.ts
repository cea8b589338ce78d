/**
 * How many items of a scrolling list lie (partly) below its visible part, kept up to date as the list
 * scrolls, resizes or its items change: for a "n more below" cue where a scrollbar alone is easy to miss
 * (overlay scrollbars, a touch screen). `showMore` scrolls the first hidden item to the top.
 */
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

export function useHiddenBelow(list: Ref<HTMLElement | null>) {
  const hidden = ref(0)
  let resize: ResizeObserver | null = null
  let mutations: MutationObserver | null = null

  function hiddenItems(element: HTMLElement): HTMLElement[] {
    const bottom = element.getBoundingClientRect().bottom
    return [...element.children].filter(
      (item): item is HTMLElement =>
        item instanceof HTMLElement && item.getBoundingClientRect().bottom > bottom + 1,
    )
  }

  function measure(): void {
    hidden.value = list.value ? hiddenItems(list.value).length : 0
  }

  function showMore(): void {
    const element = list.value
    const first = element ? hiddenItems(element)[0] : undefined
    if (!element || !first) return
    element.scrollTop += first.getBoundingClientRect().top - element.getBoundingClientRect().top
    measure()
  }

  function stop(element: HTMLElement | null): void {
    resize?.disconnect()
    mutations?.disconnect()
    element?.removeEventListener('scroll', measure)
  }

  watch(
    list,
    (element, previous) => {
      stop(previous ?? null)
      if (!element) {
        hidden.value = 0
        return
      }
      element.addEventListener('scroll', measure, { passive: true })
      resize = new ResizeObserver(measure)
      resize.observe(element)
      mutations = new MutationObserver(measure)
      mutations.observe(element, { childList: true, subtree: true, characterData: true })
      measure()
    },
    { immediate: true, flush: 'post' },
  )
  onBeforeUnmount(() => stop(list.value))

  return { hidden, showMore }
}
