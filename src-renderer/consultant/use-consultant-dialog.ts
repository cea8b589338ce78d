import { onBeforeUnmount, onMounted } from 'vue'
import { useConsultantStore } from '../stores/consultant'

/** The consultant's shortcuts rest while a dialog over their dashboard is open. */
export function useShortcutsRest(): void {
  const consultant = useConsultantStore()
  onMounted(() => {
    consultant.dialogOpen = true
  })
  onBeforeUnmount(() => {
    consultant.dialogOpen = false
  })
}

/**
 * A consultant's dialog that sends one of the desk's commands (`action`, as the store's `pending` names
 * it): the shortcuts rest while it is open, it opens without an older refusal, and cancelling waits for
 * the command in flight, then clears its refusal and closes. Returns `cancel`.
 */
export function useDeskCommandDialog(
  action: NonNullable<ReturnType<typeof useConsultantStore>['pending']>,
  close: () => void,
): () => void {
  const consultant = useConsultantStore()
  useShortcutsRest()
  onMounted(() => consultant.dismissError())
  return () => {
    if (consultant.pending === action) return
    consultant.dismissError()
    close()
  }
}

/**
 * Enter on a choice takes it, for a dialog that asks one choice from a list (a radio button alone would
 * not submit the form in every browser). Returns the form's keydown.enter handler.
 */
export function enterTakesChoice(send: () => Promise<void>): (event: KeyboardEvent) => void {
  return (event) => {
    if ((event.target as HTMLElement | null)?.tagName !== 'INPUT') return
    event.preventDefault()
    void send()
  }
}
