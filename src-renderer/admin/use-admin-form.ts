import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useLocalized } from '../i18n'
import { useAdminConfigStore, type AdminOutcome } from '../stores/admin-config'
import { fieldErrors } from './field-errors'
import { translatedIssues } from './issue-text'

export type FormState = 'idle' | 'invalid' | 'refused' | 'offline' | 'saved'

/**
 * A form's save: the form's own checks first (nothing is sent while they fail), then the hub's answer,
 * whose issues go to the fields they name (under `prefix`, the edited item's path in the config).
 */
export function useAdminForm(
  prefix: () => (string | number)[],
  known?: readonly string[] | ((field: string) => boolean),
  positions = false,
) {
  const { t } = useI18n()
  const tr = useLocalized()
  const admin = useAdminConfigStore()
  const serviceName = (id: string) => {
    const service = admin.config?.services.find((s) => s.id === id)
    return service ? tr.value(service.name) : id
  }
  const state = ref<FormState>('idle')
  const busy = ref(false)
  const fields = ref<Record<string, string>>({})
  const others = ref<string[]>([])

  async function save<T>(
    local: Record<string, string>,
    action: () => Promise<AdminOutcome<T>>,
  ): Promise<AdminOutcome<T> | null> {
    if (busy.value) return null
    if (Object.keys(local).length > 0) {
      fields.value = local
      others.value = []
      state.value = 'invalid'
      return null
    }
    busy.value = true
    try {
      const result = await action()
      if (result.ok) {
        fields.value = {}
        others.value = []
        state.value = 'saved'
      } else if (result.reason === 'refused') {
        const laid = fieldErrors(translatedIssues(result.issues, t, serviceName), prefix(), known, positions)
        fields.value = laid.fields
        others.value = laid.others
        state.value = 'refused'
      } else {
        fields.value = {}
        others.value = []
        state.value = 'offline'
      }
      return result
    } finally {
      busy.value = false
    }
  }

  function reset(): void {
    state.value = 'idle'
    fields.value = {}
    others.value = []
  }

  return { state, busy, fields, others, save, reset }
}
