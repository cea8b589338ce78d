import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Escape closes a modal dialog wherever the focus is while it is on screen: a button that disables
 * itself while a request runs, or a form that saves and closes behind the dialog, drops the focus to the
 * page, where a key handler on the dialog's own element would never hear it.
 */
export function useEscapeKey(close: () => void): void {
  function onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return
    event.preventDefault()
    close()
  }
  onMounted(() => document.addEventListener('keydown', onKey))
  onBeforeUnmount(() => document.removeEventListener('keydown', onKey))
}
