/**
 * The hub's refusal laid over an admin form: each problem at the field it names (list positions
 * dropped), a password problem at the password field, another item's problem for the form as a whole,
 * and the file's English messages said in the admin's language.
 */
import { describe, expect, it } from 'vitest'
import { fieldErrors } from '../../src-renderer/admin/field-errors'
import { issueText } from '../../src-renderer/admin/issue-text'
// The admin screen adds its texts to the catalogues (AdminFace does); alone, the helpers need them too.
import '../../src-renderer/admin/admin-texts'
import { i18n, setLanguage } from '../../src-renderer/i18n'

describe('admin form errors', () => {
  it('puts each issue at its field under the edited item, the rest on the form', () => {
    const laid = fieldErrors(
      [
        { path: ['services', 3, 'name', 'kk'], message: 'Kazakh text is required' },
        { path: ['desks', 0, 'serviceIds', 2], message: 'unknown service "x"' },
        { path: ['services', 3, 'prefix'], message: 'must be one or two capital letters' },
        { path: ['services', 5, 'prefix'], message: 'looks the same as prefix "A" of services[0]' },
        { path: ['password'], message: 'must be at least 8 characters' },
      ],
      ['services', 3],
    )
    expect(laid.fields).toEqual({
      'name.kk': 'Kazakh text is required',
      prefix: 'must be one or two capital letters',
      password: 'must be at least 8 characters',
    })
    expect(laid.others).toEqual([
      'desks.0.serviceIds.2: unknown service "x"',
      'services.5.prefix: looks the same as prefix "A" of services[0]',
    ])
    expect(fieldErrors([{ path: ['desks', 1, 'serviceIds', 0], message: 'm' }], ['desks', 1]).fields).toEqual(
      {
        serviceIds: 'm',
      },
    )
  })

  it('says the file’s messages in Kazakh, Russian and English, and an unknown one as the hub did', () => {
    const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string
    setLanguage('kk')
    expect(issueText('must be one or two capital letters', t)).toBe('бір-екі бас әріп болуы керек')
    expect(issueText('duplicate login "aigul" (already used by staff[6])', t)).toBe(
      'бұл мән бұрыннан бар: «aigul»',
    )
    setLanguage('ru')
    expect(issueText('Too big: expected number to be <=240', t)).toBe('не больше 240')
    setLanguage('en')
    expect(issueText('Too small: expected string to have >=1 characters', t)).toBe('fill this in')
    expect(issueText('something new', t)).toBe('something new')
    setLanguage('kk')
  })

  it('keeps list positions for a form that shows each item (a scenario’s steps)', () => {
    const issues = [
      { path: ['services', 2, 'selfService', 'steps', 1, 'urlPattern'], message: 'bad' },
      { path: ['services', 2, 'selfService', 'startUrl'], message: 'off the allowlist' },
    ]
    expect(fieldErrors(issues, ['services', 2, 'selfService'], undefined, true).fields).toEqual({
      'steps.1.urlPattern': 'bad',
      startUrl: 'off the allowlist',
    })
  })

  it('asks the form which fields it has when they are many (a scenario’s steps)', () => {
    const laid = fieldErrors(
      [
        { path: ['selfService'], message: 'is required' },
        { path: ['services', 2, 'selfService', 'steps', 3, 'urlPattern'], message: 'bad' },
      ],
      ['services', 2, 'selfService'],
      (field) => /^steps\.\d+\.urlPattern$/.test(field),
      true,
    )
    expect(laid).toEqual({ fields: { 'steps.3.urlPattern': 'bad' }, others: ['selfService: is required'] })
  })

  it('says an issue about the edited item itself without its path (a group that cannot be removed)', () => {
    const laid = fieldErrors(
      [{ path: ['serviceGroups', 0], message: 'has services' }],
      ['serviceGroups', 0],
      [],
    )
    expect(laid.others).toEqual(['has services'])
  })

  it('says a refusal at a field the form does not show (disabling one’s own login) as a sentence, without its path', () => {
    const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string
    setLanguage('ru')
    const issue = {
      path: ['staff', 5, 'disabled'],
      message: 'you cannot disable your own login or take away your own admin role',
    }
    const laid = fieldErrors([{ ...issue, message: issueText(issue.message, t) }], ['staff', 5], [])
    expect(laid).toEqual({
      fields: {},
      others: ['Нельзя отключить свой логин или снять с себя роль администратора'],
    })
    setLanguage('en')
    expect(issueText('window 5 could not be closed: the hub cannot store commands', t)).toBe(
      'window 5 could not be closed (the hub cannot store commands); the login stays enabled: try again',
    )
    setLanguage('kk')
  })

  it('says the self-service and group refusals in the admin’s language', () => {
    const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string
    setLanguage('ru')
    expect(issueText('must be https on an allowed domain (selfService.allowedDomains: egov.kz)', t)).toBe(
      'должен быть https на разрешённом домене (egov.kz)',
    )
    expect(
      issueText('"certificates": a group cannot be removed while services are in it (a, b); move them', t),
    ).toBe('группу с услугами удалить нельзя (a, b): сначала перенесите их в другую группу')
    setLanguage('kk')
  })

  it('names the services of a refused removal in the admin’s language, not by id', () => {
    const t = i18n.global.t as (key: string, values?: Record<string, unknown>) => string
    const names: Record<string, string> = { a: 'Справка о несудимости', b: 'Пенсия' }
    const service = (id: string) => names[id] ?? id
    setLanguage('ru')
    expect(
      issueText(
        '"certificates": a group cannot be removed while services are in it (a, b); move them',
        t,
        service,
      ),
    ).toBe(
      'группу с услугами удалить нельзя (Справка о несудимости, Пенсия): сначала перенесите их в другую группу',
    )
    expect(
      issueText(
        '"refused": an outcome cannot be removed while services list it (a, zz); take it off',
        t,
        service,
      ),
    ).toBe('этот итог ещё предлагают услуги (Справка о несудимости, zz): сначала уберите его у них')
    setLanguage('en')
    expect(issueText('must be at least 1 minute', t)).toBe('at least 1')
    expect(issueText('must be at most 3600 seconds', t)).toBe('at most 3600')
    expect(issueText('must be a whole number of minutes', t)).toBe('a whole number')
    setLanguage('kk')
  })
})
