import { storeToRefs } from 'pinia'
import { onBeforeUnmount, onMounted } from 'vue'
import { useConsultantStore } from '../stores/consultant'
import { shortcutFor } from './consultant-actions'

/**
 * The work screen's keyboard shortcuts (see SHORTCUT_CODES). A key does what its button does, and only
 * when the button is enabled; never while the consultant types in a field or a dialog is open.
 */
export function useConsultantShortcuts(): void {
  const consultant = useConsultantStore()
  const { myDesk, allowed, dialogOpen } = storeToRefs(consultant)

  const onKeydown = (event: KeyboardEvent) => {
    if (dialogOpen.value || event.defaultPrevented) return
    const action = shortcutFor(event, myDesk.value?.status ?? null)
    if (!action) return
    // Space would scroll the page; the letters would do nothing else here.
    event.preventDefault()
    if (!allowed.value[action]) return
    // Finish, pause, transfer and the walk-in open their dialog first (`press`).
    consultant.press(action)
  }

  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
