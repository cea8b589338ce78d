// @vitest-environment happy-dom
/**
 * The IIN and phone fields on screen: live messages in the registrar's language, the IIN masked once
 * it is valid and left (with "Show"), the phone read back in one written form.
 */
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import RegistrationIinField from '../../src-renderer/registration/RegistrationIinField.vue'
import RegistrationPhoneField from '../../src-renderer/registration/RegistrationPhoneField.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'

let wrapper: VueWrapper | null = null

/** A field with its v-model, as the entry form uses it. */
function mountField(
  field: typeof RegistrationIinField | typeof RegistrationPhoneField,
  testId: string,
  decoded = false,
) {
  const value = ref('')
  const Host = defineComponent(
    () => () =>
      h(field as never, {
        label: 'label',
        testId,
        decoded,
        modelValue: value.value,
        'onUpdate:modelValue': (next: string) => (value.value = next),
      }),
  )
  wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
  return { view: wrapper, value }
}

async function type(view: VueWrapper, testId: string, text: string): Promise<void> {
  const input = view.find(`[data-testid="${testId}"]`)
  await input.trigger('focus')
  await input.setValue(text)
}

const message = (view: VueWrapper, testId: string) => view.find(`[data-testid="${testId}-message"]`).text()

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  setLanguage('kk')
})

describe('the IIN field', () => {
  it('says what is wrong as the registrar types, in their language', async () => {
    setLanguage('ru')
    const { view } = mountField(RegistrationIinField, 'iin')
    await type(view, 'iin', '8710084')
    expect(message(view, 'iin')).toBe('Введено 7 из 12 цифр')
    await type(view, 'iin', '871008401428')
    expect(message(view, 'iin')).toBe(
      'Контрольная цифра не сходится: вероятно, одна цифра введена с ошибкой.',
    )
    expect(view.find('.desk-field').attributes('data-state')).toBe('invalid')
    await type(view, 'iin', '080640001231')
    expect(message(view, 'iin')).toBe(
      'Это БИН (номер юридического лица), а не ИИН. Здесь регистрируются только физические лица.',
    )
    await type(view, 'iin', '000000000000')
    expect(message(view, 'iin')).toBe('ИИН из одних нулей не существует.')
    await type(view, 'iin', '87100840a')
    expect(message(view, 'iin')).toBe('ИИН состоит только из цифр.')
    // A short number left behind is an error, not progress.
    await type(view, 'iin', '8710084')
    await view.find('[data-testid="iin"]').trigger('blur')
    expect(message(view, 'iin')).toBe('В ИИН 12 цифр, здесь 7.')
  })

  it('shows what a valid IIN encodes, and warns (only warns) about a date that is none', async () => {
    setLanguage('en')
    const { view } = mountField(RegistrationIinField, 'iin', true)
    await type(view, 'iin', '871008401427')
    expect(message(view, 'iin')).toBe('✓ In the IIN: born 08.10.1987, female; compare with the document')
    expect(view.findAll('[data-testid="iin-warning"]')).toHaveLength(0)
    await type(view, 'iin', '871399401404')
    expect(view.find('.desk-field').attributes('data-state')).toBe('valid')
    expect(view.find('[data-testid="iin-warning"]').text()).toBe(
      '⚠ The first six digits are not a date of birth. Check the IIN against the document.',
    )
  })

  it('masks a valid IIN once left, shows it on request, and in full again to edit it', async () => {
    const { view, value } = mountField(RegistrationIinField, 'iin')
    const input = () => view.find('[data-testid="iin"]').element as HTMLInputElement
    await type(view, 'iin', '871008401427')
    // Still in the field: the registrar sees what they type, and there is nothing to toggle.
    expect(input().value).toBe('871008401427')
    expect(view.find('[data-testid="iin-reveal"]').exists()).toBe(false)

    await view.find('[data-testid="iin"]').trigger('blur')
    expect(input().value).toBe('8710******27')
    expect(input().readOnly).toBe(true)
    // The model keeps the full IIN: masking is for the eyes only.
    expect(value.value).toBe('871008401427')
    const reveal = view.find('[data-testid="iin-reveal"]')
    expect(reveal.text()).toBe('Көрсету')
    expect(reveal.attributes('aria-pressed')).toBe('false')

    await reveal.trigger('click')
    expect(input().value).toBe('871008401427')
    expect(view.find('[data-testid="iin-reveal"]').text()).toBe('Жасыру')
    await view.find('[data-testid="iin-reveal"]').trigger('click')
    expect(input().value).toBe('8710******27')

    await view.find('[data-testid="iin"]').trigger('focus')
    expect(input().value).toBe('871008401427')
    expect(input().readOnly).toBe(false)
  })

  it('never masks an invalid IIN: the registrar must see what to fix', async () => {
    const { view } = mountField(RegistrationIinField, 'iin')
    await type(view, 'iin', '871008401428')
    await view.find('[data-testid="iin"]').trigger('blur')
    expect((view.find('[data-testid="iin"]').element as HTMLInputElement).value).toBe('871008401428')
    expect(view.find('[data-testid="iin-reveal"]').exists()).toBe(false)
  })
})

describe('the phone field', () => {
  it('gives the reason for a landline, a Russian number, a non-mobile range', async () => {
    setLanguage('ru')
    const { view } = mountField(RegistrationPhoneField, 'phone')
    await type(view, 'phone', '8 712 234 56 78')
    expect(message(view, 'phone')).toBe(
      '712 — городской (стационарный) номер. Для кода нужен мобильный телефон.',
    )
    await type(view, 'phone', '+7 912 345 67 89')
    expect(message(view, 'phone')).toBe(
      '+7 912 — российский номер. Регистрируются только мобильные номера Казахстана (+7 7XX).',
    )
    await type(view, 'phone', '8 703 123 45 67')
    expect(message(view, 'phone')).toBe('703 — не мобильный код Казахстана. Уточните номер у гражданина.')
    // Half a number is not an error yet.
    await type(view, 'phone', '8 701 23')
    expect(message(view, 'phone')).toBe('')
  })

  it('reads a valid number back as +7 (7XX) XXX-XX-XX, in the field too once left', async () => {
    setLanguage('ru')
    const { view, value } = mountField(RegistrationPhoneField, 'phone')
    await type(view, 'phone', '8 701 234 56 78')
    expect(message(view, 'phone')).toBe('✓ Код будет отправлен на +7 (701) 234-56-78')
    await view.find('[data-testid="phone"]').trigger('blur')
    expect(value.value).toBe('+7 (701) 234-56-78')
    expect((view.find('[data-testid="phone"]').element as HTMLInputElement).value).toBe('+7 (701) 234-56-78')
  })
})
