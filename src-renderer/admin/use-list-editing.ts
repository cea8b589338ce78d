import { ref, type Ref } from 'vue'

/**
 * Which item of an admin list is open in its form: `undefined` none, `null` a new one, else the item
 * being edited; and whether the last form was saved (the list then says so until another opens).
 */
export function useListEditing<T>() {
  const editing = ref<T | null | undefined>(undefined) as Ref<T | null | undefined>
  const saved = ref(false)

  function open(item: T | null): void {
    saved.value = false
    editing.value = item
  }
  function done(): void {
    editing.value = undefined
    saved.value = true
  }
  function cancel(): void {
    editing.value = undefined
  }

  return { editing, saved, open, done, cancel }
}
