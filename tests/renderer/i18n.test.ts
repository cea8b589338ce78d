// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { catalogues, en, formatLongDate, formatTime, kk, ru } from '../../src-shared/i18n'
import BaseConnectionBadge from '../../src-renderer/base/BaseConnectionBadge.vue'
import { currentLanguage, i18n, localized, setLanguage } from '../../src-renderer/i18n'
import { useConnectionStore } from '../../src-renderer/stores/connection'

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === 'string' ? [`${prefix}${key}`] : keys(inner as object, `${prefix}${key}.`),
  )
}

afterEach(() => setLanguage('kk'))

describe('message catalogues', () => {
  it('Russian and English translate every Kazakh key, and nothing else', () => {
    expect(keys(ru).sort()).toEqual(keys(kk).sort())
    expect(keys(en).sort()).toEqual(keys(kk).sort())
  })

  it('Kazakh is the default and uses its own letters', () => {
    expect(currentLanguage()).toBe('kk')
    expect(i18n.global.t('kiosk.chooseGroup')).toBe('Қызмет түрін таңдаңыз')
    expect(Object.keys(catalogues)).toEqual(['kk', 'ru', 'en'])
  })

  it('every message compiles and fills its parameters in every language', () => {
    for (const language of ['kk', 'ru', 'en'] as const) {
      for (const key of keys(kk)) {
        const text = i18n.global.t(key, { n: 4, s: 9, name: 'X' }, { locale: language })
        expect(text, `${language}:${key}`).not.toBe(key)
        expect(text, `${language}:${key}`).not.toMatch(/[{}]/)
      }
    }
  })

  it('switching language changes the texts and the page lang', () => {
    setLanguage('ru')
    expect(i18n.global.t('kiosk.waiting', { n: 3 })).toBe('В очереди: 3')
    expect(document.documentElement.lang).toBe('ru')
  })
})

describe('centre texts', () => {
  it('picks the language, with English falling back to Russian', () => {
    expect(localized({ kk: 'Анықтамалар', ru: 'Справки', en: 'Certificates' }, 'kk')).toBe('Анықтамалар')
    expect(localized({ kk: 'Құжаттар', ru: 'Документы' }, 'en')).toBe('Документы')
    expect(localized(undefined, 'ru')).toBe('')
  })

  it("formats dates in the centre's zone with names that do not depend on the runtime's locale data", () => {
    const at = Date.UTC(2025, 2, 10, 19, 30) // Monday 19:30 UTC = Tuesday 00:30 in Almaty (UTC+5)
    expect(formatTime(at, 'Asia/Almaty')).toBe('00:30')
    expect(formatLongDate(at, 'Asia/Almaty', 'kk')).toBe('11 наурыз, сейсенбі')
    expect(formatLongDate(at, 'Asia/Almaty', 'ru')).toBe('11 марта, вторник')
    expect(formatLongDate(at, 'Asia/Almaty', 'en')).toBe('Tuesday, 11 March')
  })
})

describe('BaseConnectionBadge', () => {
  it('shows the link state discreetly, in the current language', async () => {
    const pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
    const wrapper = mount(BaseConnectionBadge, { global: { plugins: [pinia, i18n] } })
    const connection = useConnectionStore(pinia)
    expect(wrapper.attributes('data-state')).toBe('connecting')
    connection.status = 'online'
    await wrapper.vm.$nextTick()
    expect(wrapper.attributes('data-state')).toBe('syncing')
    connection.synced = true
    await wrapper.vm.$nextTick()
    expect(wrapper.attributes('data-state')).toBe('online')
    expect(wrapper.text()).toBe('Желіде')
    connection.status = 'offline'
    setLanguage('ru')
    await wrapper.vm.$nextTick()
    expect(wrapper.text()).toBe('Нет связи')
  })
})
