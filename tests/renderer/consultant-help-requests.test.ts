// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ConsultantHelpRequests from '../../src-renderer/consultant/ConsultantHelpRequests.vue'
import { i18n, setLanguage } from '../../src-renderer/i18n'
import { sendCommand } from '../../src-renderer/hub/hub-client'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { useConnectionStore } from '../../src-renderer/stores/connection'
import { emptyState, helpRequest, selfServicePublicConfig } from './self-service-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  sendCommand: vi.fn(),
}))

const send = vi.mocked(sendCommand)
const NOW = Date.UTC(2025, 2, 10, 5, 0, 0)
let wrapper: VueWrapper | null = null
let pinia: Pinia

function mountList() {
  pinia = createTestingPinia({ stubActions: false, createSpy: vi.fn })
  const centre = useCentreStore(pinia)
  centre.config = selfServicePublicConfig()
  centre.you = { role: 'staff', roles: ['consultant'], id: 'aigerim', name: 'Айгерім' }
  centre.state = emptyState()
  centre.state.helpRequests = {
    h2: helpRequest({ id: 'h2', kioskId: 'kiosk-2', requestedAt: NOW - 30_000, step: null, sessionId: null }),
    h1: helpRequest({ id: 'h1', requestedAt: NOW - 95_000, step: 1 }),
    h3: helpRequest({
      id: 'h3',
      status: 'accepted',
      staffId: 'bolat',
      firstName: 'Болат',
      requestedAt: NOW - 10_000,
    }),
    h4: helpRequest({ id: 'h4', status: 'resolved', requestedAt: NOW - 500_000 }),
  }
  vi.spyOn(useConnectionStore(pinia), 'serverNow').mockReturnValue(NOW)
  wrapper = mount(ConsultantHelpRequests, { global: { plugins: [pinia, i18n] } })
  return { view: wrapper, centre }
}

beforeEach(() => {
  send.mockReset()
  setLanguage('en')
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('ConsultantHelpRequests', () => {
  it('lists the open and taken requests, oldest first, with age, kiosk, service and step', () => {
    const { view } = mountList()
    const rows = view.findAll('.help-row')
    expect(rows.map((r) => r.attributes('data-help'))).toEqual(['h1', 'h2', 'h3'])
    expect(rows[0]!.text()).toContain('Kiosk kiosk-1')
    expect(rows[0]!.text()).toContain('waiting 1:35')
    expect(rows[0]!.text()).toContain('No criminal record')
    expect(rows[0]!.text()).toContain('Step 2: Fill in the request')
    expect(rows[1]!.text()).toContain('Before the first step')
    // Taken by a colleague: no buttons here.
    expect(rows[2]!.find('button').exists()).toBe(false)
    expect(rows[2]!.text()).toContain('Taken by Болат')
  })

  it('accepts and resolves through the hub', async () => {
    send.mockResolvedValue({ ok: true, seq: 5 } as never)
    const { view, centre } = mountList()
    await view.find('[data-help="h1"] [data-action="help-accept"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenCalledWith('help:accept', { helpId: 'h1' })
    // The fact arrives: it is this consultant's now, with "resolve" only.
    centre.state.helpRequests.h1 = helpRequest({
      id: 'h1',
      status: 'accepted',
      staffId: 'aigerim',
      firstName: 'Айгерім',
    })
    await flushPromises()
    const row = view.find('[data-help="h1"]')
    expect(row.text()).toContain('You are going')
    expect(row.find('[data-action="help-accept"]').exists()).toBe(false)
    await row.find('[data-action="help-resolve"]').trigger('click')
    await flushPromises()
    expect(send).toHaveBeenLastCalledWith('help:resolve', { helpId: 'h1' })
  })

  it('shows a refused accept translated', async () => {
    send.mockResolvedValue({
      ok: false,
      error: { code: 'help_taken', message: 'Болат has already accepted' },
    } as never)
    const { view } = mountList()
    await view.find('[data-help="h2"] [data-action="help-accept"]').trigger('click')
    await flushPromises()
    const error = view.find('[data-help="h2"] [data-testid="consultant-help-error"]')
    expect(error.attributes('data-code')).toBe('help_taken')
    expect(error.text()).toBe('Not accepted: Another consultant has already taken this request.')
  })

  it('says so when nobody asks', () => {
    const { view, centre } = mountList()
    centre.state.helpRequests = {}
    return flushPromises().then(() => {
      expect(view.text()).toContain('No one is asking for help.')
    })
  })
})
