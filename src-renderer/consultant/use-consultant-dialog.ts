import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue'
import { useConsultantStore } from '../stores/consultant'

/**
 * A modal over the consultant's dashboard: its shortcuts rest while it is open, `focus` gets the focus
 * once it is on screen, and Escape calls `cancel`. Returns the keydown handler for the dialog's root.
 */
export function useConsultantDialog(options: {
  focus: Ref<HTMLElement | null>
  cancel: () => void
  /** Runs as the dialog opens, before the focus moves (e.g. to clear an older refusal). */
  onOpen?: () => void
}): (event: KeyboardEvent) => void {
  const consultant = useConsultantStore()

  onMounted(async () => {
    consultant.dialogOpen = true
    options.onOpen?.()
    await nextTick()
    options.focus.value?.focus()
  })
  onBeforeUnmount(() => {
    consultant.dialogOpen = false
  })

  return (event) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      options.cancel()
    }
  }
}
