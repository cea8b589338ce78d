import { describe, expect, it } from 'vitest'
import { auditChanges, auditValue } from '../../src-renderer/admin/audit-diff'
import { auditFieldLabel } from '../../src-renderer/admin/audit-field-label'
import '../../src-renderer/admin/admin-texts'
import { i18n, setLanguage } from '../../src-renderer/i18n'

const service = (over: Record<string, unknown> = {}) => ({
  id: 'passport',
  name: { kk: 'Төлқұжат', ru: 'Паспорт' },
  prefix: 'A',
  online: false,
  ...over,
})

describe('auditChanges: what one change-log row changed', () => {
  it('matches list items by id, so a renamed item is its field changed, not a shifted list', () => {
    const before = [service({ id: 'a' }), service({ id: 'b', prefix: 'B' })]
    const after = [
      service({ id: 'b', prefix: 'B', name: { kk: 'Жаңа', ru: 'Паспорт' } }),
      service({ id: 'a' }),
    ]
    expect(auditChanges(before, after)).toEqual([
      {
        kind: 'changed',
        item: 'b',
        name: { kk: 'Жаңа', ru: 'Паспорт' },
        field: 'name.kk',
        before: 'Төлқұжат',
        after: 'Жаңа',
      },
    ])
  })

  it('lists added and removed items with their names', () => {
    const before = [service({ id: 'a' })]
    const after = [service({ id: 'c', name: { kk: 'Ц', ru: 'Ц' } })]
    expect(auditChanges(before, after)).toEqual([
      { kind: 'added', item: 'c', name: { kk: 'Ц', ru: 'Ц' } },
      { kind: 'removed', item: 'a', name: { kk: 'Төлқұжат', ru: 'Паспорт' } },
    ])
  })

  it('reads a field that appears or goes (English added, a need added) and nested steps by position', () => {
    const step = (url: string) => ({ title: { kk: 'Кіру', ru: 'Вход' }, urlPattern: url })
    const before = [service({ selfService: { needs: ['iin'], steps: [step('https://egov.kz/a/**')] } })]
    const after = [
      service({
        name: { kk: 'Төлқұжат', ru: 'Паспорт', en: 'Passport' },
        selfService: { needs: ['iin', 'eds'], steps: [step('https://egov.kz/b/**')] },
      }),
    ]
    expect(auditChanges(before, after)).toMatchObject([
      { kind: 'changed', item: 'passport', field: 'name.en', before: undefined, after: 'Passport' },
      {
        kind: 'changed',
        item: 'passport',
        field: 'selfService.needs',
        before: ['iin'],
        after: ['iin', 'eds'],
      },
      {
        kind: 'changed',
        item: 'passport',
        field: 'selfService.steps.0.urlPattern',
        before: 'https://egov.kz/a/**',
        after: 'https://egov.kz/b/**',
      },
    ])
  })

  it('never shows a hash: a changed or new one is a secret row, an unchanged one nothing', () => {
    const before = [
      { id: 's1', login: 'a', passwordHash: '(hidden)' },
      { id: 's2', login: 'b', passwordHash: '(hidden)' },
    ]
    const after = [
      { id: 's1', login: 'a', passwordHash: '(changed)' },
      { id: 's2', login: 'bb', passwordHash: '(unchanged)' },
    ]
    const changes = auditChanges(before, after)
    expect(changes).toEqual([
      { kind: 'secret', item: 's1', field: 'passwordHash' },
      { kind: 'changed', item: 's2', field: 'login', before: 'b', after: 'bb' },
    ])
    expect(JSON.stringify(changes)).not.toContain('hidden')
  })

  it('reads a section that is one object (opening hours) and one that is a list of values (holidays)', () => {
    const hours = { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']] }
    expect(
      auditChanges(hours, {
        ...hours,
        tue: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
      }),
    ).toEqual([
      {
        kind: 'changed',
        item: null,
        field: 'tue',
        before: [['09:00', '18:00']],
        after: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
      },
    ])
    expect(auditChanges(['2026-12-16'], ['2026-12-16', '2027-01-01'])).toEqual([
      { kind: 'changed', item: null, field: '', before: ['2026-12-16'], after: ['2026-12-16', '2027-01-01'] },
    ])
    expect(auditChanges(hours, structuredClone(hours))).toEqual([])
  })
})

describe('auditValue', () => {
  it('joins lists, writes intervals with a dash and an empty value as a dash', () => {
    expect(
      auditValue([
        ['09:00', '13:00'],
        ['14:00', '18:00'],
      ]),
    ).toBe('09:00–13:00, 14:00–18:00')
    expect(auditValue(['iin', 'eds'])).toBe('iin, eds')
    expect(auditValue(undefined)).toBe('—')
    expect(auditValue([])).toBe('—')
    expect(auditValue(false)).toBe('false')
  })
})

describe('auditFieldLabel: a changed field by its name in the admin’s language', () => {
  const t = i18n.global.t as (key: string) => string
  const te = (key: string) => i18n.global.te(key)

  it('names each part, counts list positions from 1, and keeps the path of a field it does not know', () => {
    setLanguage('en')
    expect(auditFieldLabel('selfService.needs', t, te)).toBe('Self-service › What the citizen needs')
    expect(auditFieldLabel('selfService.steps.1.title.kk', t, te)).toBe(
      'Self-service › Steps › 2 › Title › Kazakh',
    )
    expect(auditFieldLabel('waitStandardMinutes', t, te)).toBe('Wait standard, min')
    expect(auditFieldLabel('mon', t, te)).toBe('Monday')
    setLanguage('ru')
    expect(auditFieldLabel('name.ru', t, te)).toBe('Название › русский')
    expect(auditFieldLabel('selfService.somethingNew', t, te)).toBe('selfService.somethingNew')
    expect(auditFieldLabel('', t, te)).toBe('')
    setLanguage('kk')
  })
})
