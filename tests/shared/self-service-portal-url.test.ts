import { describe, expect, it } from 'vitest'
import {
  compileUrlPattern,
  isAllowedPortalUrl,
  matchesUrlPattern,
  stepForUrl,
  UrlPatternError,
  withoutQuery,
} from '../../src-shared/self-service/portal-url'

describe('portal allowlist', () => {
  const allowed = ['egov.kz', '127.0.0.1:4567']

  it('admits the domain and its subdomains over https', () => {
    expect(isAllowedPortalUrl('https://egov.kz/cms/ru', allowed)).toBe(true)
    expect(isAllowedPortalUrl('https://idp.egov.kz/idp/login', allowed)).toBe(true)
    expect(isAllowedPortalUrl('https://EGOV.KZ/', allowed)).toBe(true)
    expect(isAllowedPortalUrl('https://egov.kz:443/', allowed)).toBe(true)
  })

  it('refuses lookalikes, other schemes and credentials in the URL', () => {
    for (const url of [
      'https://egov.kz.evil.example/',
      'https://evilegov.kz/',
      'https://evil.example/?next=https://egov.kz',
      'http://egov.kz/',
      'ftp://egov.kz/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<h1>egov.kz</h1>',
      'https://user:pass@egov.kz/',
      'https://egov.kz@evil.example/',
      'not a url',
      '',
    ]) {
      expect(isAllowedPortalUrl(url, allowed), url).toBe(false)
    }
  })

  it('admits plain http only on loopback, and a host:port entry only on that port', () => {
    expect(isAllowedPortalUrl('http://127.0.0.1:4567/login', allowed)).toBe(true)
    expect(isAllowedPortalUrl('http://127.0.0.1:4568/login', allowed)).toBe(false)
    expect(isAllowedPortalUrl('http://127.0.0.1/login', allowed)).toBe(false)
    expect(isAllowedPortalUrl('http://example.com:4567/', ['example.com:4567'])).toBe(false)
    // All of 127.0.0.0/8 is this machine; a look-alike name is not.
    expect(isAllowedPortalUrl('http://127.0.0.2:4567/', ['127.0.0.2:4567'])).toBe(true)
    expect(isAllowedPortalUrl('http://127.0.0.2.example.com:4567/', ['127.0.0.2.example.com:4567'])).toBe(
      false,
    )
    expect(isAllowedPortalUrl('http://128.0.0.1:4567/', ['128.0.0.1:4567'])).toBe(false)
  })

  it('treats a blob URL as the page that made it', () => {
    expect(isAllowedPortalUrl('blob:https://egov.kz/7d1c0a2e-1b2c-4d3e-8f90-123456789abc', allowed)).toBe(
      true,
    )
    expect(isAllowedPortalUrl('blob:https://evil.example/7d1c0a2e', allowed)).toBe(false)
  })
})

describe('step URL patterns', () => {
  it('matches a folder and everything below it with a trailing /**', () => {
    const pattern = 'https://egov.kz/services/P30.11/**'
    expect(matchesUrlPattern(pattern, 'https://egov.kz/services/P30.11')).toBe(true)
    expect(matchesUrlPattern(pattern, 'https://egov.kz/services/P30.11/')).toBe(true)
    expect(matchesUrlPattern(pattern, 'https://egov.kz/services/P30.11/sign/otp?x=1#top')).toBe(true)
    expect(matchesUrlPattern(pattern, 'https://egov.kz/services/P30.110')).toBe(false)
    expect(matchesUrlPattern(pattern, 'https://egov.kz/services/P30X11/')).toBe(false)
  })

  it('keeps * within one path segment and the dots literal', () => {
    const pattern = 'https://egov.kz/cms/*/services/pass001'
    expect(matchesUrlPattern(pattern, 'https://egov.kz/cms/kk/services/pass001')).toBe(true)
    expect(matchesUrlPattern(pattern, 'https://egov.kz/cms/ru/extra/services/pass001')).toBe(false)
    expect(matchesUrlPattern('https://egov.kz/a.b', 'https://egov.kz/aXb')).toBe(false)
  })

  it('compares scheme and host exactly', () => {
    const pattern = 'https://egov.kz/services/**'
    expect(matchesUrlPattern(pattern, 'http://egov.kz/services/a')).toBe(false)
    expect(matchesUrlPattern(pattern, 'https://idp.egov.kz/services/a')).toBe(false)
    expect(matchesUrlPattern(pattern, 'https://egov.kz:8443/services/a')).toBe(false)
  })

  it('ignores the query unless the pattern has one', () => {
    expect(matchesUrlPattern('https://egov.kz/s/P1', 'https://egov.kz/s/P1?lang=ru')).toBe(true)
    const withQuery = 'https://egov.kz/s/P1?step=sign*'
    expect(matchesUrlPattern(withQuery, 'https://egov.kz/s/P1?step=signing')).toBe(true)
    expect(matchesUrlPattern(withQuery, 'https://egov.kz/s/P1?step=request')).toBe(false)
    expect(matchesUrlPattern(withQuery, 'https://egov.kz/s/P1')).toBe(false)
  })

  it('takes regular-expression characters literally, so a pattern cannot run away', () => {
    expect(matchesUrlPattern('https://egov.kz/(a|b)+', 'https://egov.kz/(a|b)+')).toBe(true)
    expect(matchesUrlPattern('https://egov.kz/(a|b)+', 'https://egov.kz/aaaa')).toBe(false)
    const started = Date.now()
    const wild = 'https://egov.kz/**a**a**a**a**a**b'
    expect(matchesUrlPattern(wild, `https://egov.kz/${'a'.repeat(3000)}`)).toBe(false)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('refuses what is not a pattern, with a message for the admin', () => {
    for (const bad of [
      'egov.kz/services',
      'https://*.egov.kz/',
      'https://egov.kz/***',
      '^https://egov\\.kz$',
      'https://egov.kz/a b',
    ]) {
      expect(() => compileUrlPattern(bad), bad).toThrow(UrlPatternError)
    }
    expect(() => compileUrlPattern('https://egov.kz/*/*/*/*/*/*/*')).toThrow(/at most 6 wildcards/)
    expect(compileUrlPattern('https://idp.egov.kz/idp/**').origin).toBe('https://idp.egov.kz')
    expect(matchesUrlPattern('not a pattern', 'https://egov.kz/')).toBe(false)
  })
})

describe('stepForUrl', () => {
  const steps = [
    { urlPattern: 'https://idp.egov.kz/idp/**' },
    { urlPattern: 'https://egov.kz/services/P30.11/**' },
    { urlPattern: 'https://egov.kz/services/P30.11/result/**' },
  ]

  it('gives the furthest step whose pattern matches', () => {
    expect(stepForUrl(steps, 'https://idp.egov.kz/idp/login')).toBe(0)
    expect(stepForUrl(steps, 'https://egov.kz/services/P30.11/request')).toBe(1)
    expect(stepForUrl(steps, 'https://egov.kz/services/P30.11/result/42')).toBe(2)
  })

  it('gives null for a page of no step', () => {
    expect(stepForUrl(steps, 'https://egov.kz/cms/ru')).toBeNull()
    expect(stepForUrl([], 'https://egov.kz/')).toBeNull()
  })
})

describe('withoutQuery', () => {
  it('keeps origin and path only', () => {
    expect(withoutQuery('https://egov.kz/services/P30.11/sign?iin=880101300123#x')).toBe(
      'https://egov.kz/services/P30.11/sign',
    )
    expect(withoutQuery('nonsense')).toBe('')
  })
})
