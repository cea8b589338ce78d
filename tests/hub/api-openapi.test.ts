/**
 * The OpenAPI document is one an integrator can generate a client from: well-formed OpenAPI 3.1 (a
 * structural check of what 3.1 requires, every `$ref` resolving, no network), listing exactly the routes
 * the hub serves with the errors each answers, and described by docs/api.md, which names every error
 * code, scope and path.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_SCOPES } from '../../src-shared/config'
import {
  API_ERROR_CODES,
  API_PREFIX,
  API_ROUTES,
  OPENAPI_PATH,
  openApiDocument,
} from '../../src-main/hub/http/api'
import { apiRequest } from '../support/api-client'
import { issueRoute, ticketRoute } from '../support/api-test-route'
import { PROJECT_ROOT, startTestHub, type TestHub } from '../support/hub-harness'

type Json = Record<string, unknown>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** Every problem of `doc` as OpenAPI 3.1 sees it, as `where: what` lines; empty when none. */
function openApi31Problems(doc: Json): string[] {
  const problems: string[] = []
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`)
  if (doc.openapi !== '3.1.0') fail('openapi', 'must be 3.1.0')
  const info = doc.info as Json | undefined
  if (typeof info?.title !== 'string' || typeof info.version !== 'string')
    fail('info', 'needs title and version')
  const components = (doc.components ?? {}) as Json
  const schemes = (components.securitySchemes ?? {}) as Json
  const operationIds = new Set<string>()
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    if (!path.startsWith('/')) fail(path, 'a path starts with /')
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
    for (const [method, value] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`
      if (!METHODS.includes(method)) {
        fail(where, 'unknown method')
        continue
      }
      const operation = value as Json
      const id = operation.operationId
      if (typeof id !== 'string' || operationIds.has(id)) fail(where, 'needs a unique operationId')
      else operationIds.add(id)
      const responses = (operation.responses ?? {}) as Record<string, Json>
      if (Object.keys(responses).length === 0) fail(where, 'needs at least one response')
      for (const [status, response] of Object.entries(responses)) {
        if (!/^([1-5]\d\d|default)$/.test(status)) fail(`${where} ${status}`, 'not a status code')
        if (typeof response.description !== 'string') fail(`${where} ${status}`, 'needs a description')
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>)) {
          if (typeof media.schema !== 'object') fail(`${where} ${status} ${type}`, 'needs a schema')
        }
      }
      const parameters = (operation.parameters ?? []) as Json[]
      for (const parameter of parameters) {
        if (
          typeof parameter.name !== 'string' ||
          !['path', 'query', 'header', 'cookie'].includes(String(parameter.in))
        )
          fail(where, `parameter ${JSON.stringify(parameter)} needs a name and a place`)
        if (
          parameter.in === 'path' &&
          (parameter.required !== true || !templated.includes(String(parameter.name)))
        )
          fail(where, `path parameter ${String(parameter.name)} must be required and in the path`)
      }
      for (const name of templated) {
        if (!parameters.some((p) => p.in === 'path' && p.name === name))
          fail(where, `{${name}} is not described`)
      }
      for (const requirement of (operation.security ?? []) as Json[]) {
        for (const scheme of Object.keys(requirement))
          if (!(scheme in schemes)) fail(where, `unknown security scheme ${scheme}`)
      }
    }
  }
  // Every $ref points into this document, at something that is there.
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${at}[${i}]`))
    if (typeof node !== 'object' || node === null) return
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') {
        const target = String(value)
          .replace(/^#\//, '')
          .split('/')
          .reduce<unknown>((found, part) => (found as Json | undefined)?.[part], doc)
        if (!String(value).startsWith('#/') || target === undefined)
          fail(at, `$ref ${String(value)} does not resolve`)
      } else walk(value, `${at}.${key}`)
    }
  }
  walk(doc, '#')
  return problems
}

/** `METHOD path` of every operation in the document. */
function operations(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  )
}

describe("the hub's OpenAPI document", () => {
  let hub: TestHub
  let doc: Json
  beforeAll(async () => {
    hub = await startTestHub()
    doc = (await apiRequest<Json>(hub.url, OPENAPI_PATH)).body
  })
  afterAll(async () => {
    await hub.close()
  })

  it('is well-formed OpenAPI 3.1', () => {
    expect(openApi31Problems(doc)).toEqual([])
  })

  it('lists exactly the routes the hub serves, each answering at its path and method', async () => {
    const expected = [`GET ${OPENAPI_PATH}`, ...API_ROUTES.map((r) => `${r.method} ${API_PREFIX}${r.path}`)]
    expect(operations(doc).sort()).toEqual(expected.sort())
    for (const operation of operations(doc)) {
      const [method, path] = operation.split(' ') as [string, string]
      // Without a key: the route is there (401), or public (200); never 404 or 405.
      const answer = await apiRequest(hub.url, path.replace(/\{[A-Za-z]+\}/g, 'x1'), { method })
      expect(answer.status, operation).toBe(path === OPENAPI_PATH ? 200 : 401)
    }
  })

  it('names the scope each route needs, and its error answers as problem+json', () => {
    const services = (doc.paths as Record<string, Record<string, Json>>)[`${API_PREFIX}/services`]!.get!
    expect(services.security).toEqual([{ integrationKey: ['services:read'] }])
    const responses = services.responses as Record<string, Json>
    expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '403', '429', '500'])
    expect(responses['403']).toMatchObject({
      description: expect.stringContaining('`insufficient_scope`'),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    })
    expect(responses['429']).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } })
  })
})

describe('the structural check itself', () => {
  it('catches what OpenAPI 3.1 forbids', () => {
    const broken = structuredClone(openApiDocument(API_ROUTES)) as unknown as Json
    broken.openapi = '3.0.3'
    const services = (broken.paths as Record<string, Record<string, Json>>)[`${API_PREFIX}/services`]!.get!
    delete services.operationId
    ;(services.responses as Record<string, Json>)['200'] = { $ref: '#/components/schemas/Nothing' }
    services.security = [{ apiKey: [] }]
    expect(openApi31Problems(broken)).toEqual([
      'openapi: must be 3.1.0',
      `GET ${API_PREFIX}/services: needs a unique operationId`,
      `GET ${API_PREFIX}/services 200: needs a description`,
      `GET ${API_PREFIX}/services: unknown security scheme apiKey`,
      expect.stringContaining('$ref #/components/schemas/Nothing does not resolve'),
    ])
  })
})

describe('the document of a write', () => {
  const doc = openApiDocument([...API_ROUTES, issueRoute, ticketRoute]) as unknown as Json
  const paths = doc.paths as Record<string, Record<string, Json>>

  it('is well-formed, with the Idempotency-Key header, the JSON body and every error it may answer', () => {
    expect(openApi31Problems(doc)).toEqual([])
    const write = paths[`${API_PREFIX}/test-tickets`]!.post!
    expect(write.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: true }),
    )
    expect(write.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: expect.any(Object) } },
    })
    const responses = write.responses as Record<string, { description: string }>
    expect(Object.keys(responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ])
    for (const code of [
      'idempotency_key_required',
      'idempotency_key_invalid',
      'invalid_json',
      'validation_failed',
    ])
      expect(responses['400']!.description).toContain(`\`${code}\``)
    expect(responses['422']!.description).toContain('`idempotency_key_reused`')
  })

  it("describes a read's path parameter, query and own refusals", () => {
    const read = paths[`${API_PREFIX}/test-tickets/{number}`]!.get!
    expect(read.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ in: 'path', name: 'number', required: true }),
        expect.objectContaining({ in: 'query', name: 'view' }),
      ]),
    )
    expect((read.responses as Record<string, { description: string }>)['404']!.description).toContain(
      '`unknown_ticket`',
    )
  })
})

describe('docs/api.md', () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs/api.md'), 'utf8')
  const named = (name: string) => doc.includes(`\`${name}\``)

  it('names every error code, scope and route', () => {
    expect(API_ERROR_CODES.filter((code) => !named(code))).toEqual([])
    expect(API_SCOPES.filter((scope) => !named(scope))).toEqual([])
    expect(API_ROUTES.filter((route) => !doc.includes(`${route.method} ${API_PREFIX}${route.path}`))).toEqual(
      [],
    )
    expect(named(OPENAPI_PATH) || doc.includes(`GET ${OPENAPI_PATH}`)).toBe(true)
  })
})
