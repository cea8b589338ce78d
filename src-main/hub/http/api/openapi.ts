/**
 * The OpenAPI 3.1 document of the API, generated (by zod-openapi) from the very route descriptions and
 * zod schemas that validate requests and shape answers: a route cannot be served without being in it.
 * Served at `GET /api/openapi.json`, which needs no key.
 */
import { z } from 'zod'
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi'
import { API_SCOPES } from '../../../../src-shared/config'
import type { ErrorCode } from '../../../../src-shared/domain'
import { API_PREFIX, OPENAPI_PATH } from './paths'
import { PROBLEM_CONTENT_TYPE, problemSchema, type ProblemCode } from './problem'
import { WRITE_METHODS, type ApiRoute } from './route'
import { IDEMPOTENCY_KEY_PATTERN, refusalStatus } from './writes'

/** The security scheme's name in the document. */
export const SECURITY_SCHEME = 'integrationKey'

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } }

/** Status → the codes a route may answer with it. */
type Errors = Map<number, Set<ProblemCode>>

function errorsOf(route: ApiRoute): Errors {
  const errors: Errors = new Map()
  const add = (status: number, ...codes: ProblemCode[]) => {
    const set = errors.get(status) ?? new Set<ProblemCode>()
    for (const code of codes) set.add(code)
    errors.set(status, set)
  }
  // Every route refuses unknown query parameters.
  add(400, 'validation_failed')
  add(401, 'unauthenticated')
  add(403, 'insufficient_scope')
  add(429, 'rate_limited')
  add(500, 'internal')
  if (route.kind !== 'read') {
    add(400, 'idempotency_key_required', 'idempotency_key_invalid', 'invalid_json')
    add(403, 'cross_origin')
    add(413, 'payload_too_large')
    add(415, 'unsupported_media_type')
    add(422, 'idempotency_key_reused')
  }
  if (route.kind === 'command') add(503, 'storage_failed')
  for (const code of Object.keys(route.refusals ?? {}) as ErrorCode[])
    add(refusalStatus(code, route.refusals), code)
  return errors
}

function operationOf(route: ApiRoute): ZodOpenApiOperationObject {
  const responses: ZodOpenApiOperationObject['responses'] = {
    [String(route.response.status)]: {
      description: route.response.description,
      // 204: no content.
      ...(route.response.status === 204
        ? {}
        : { content: { 'application/json': { schema: route.response.schema } } }),
    },
  }
  for (const [status, codes] of [...errorsOf(route)].sort(([a], [b]) => a - b)) {
    responses[`${status}` as `${4 | 5}${string}`] = {
      description: `Codes: ${[...codes].map((code) => `\`${code}\``).join(', ')}.`,
      content: problemContent,
      ...(status === 429
        ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } }
        : {}),
    }
  }
  const write = WRITE_METHODS.has(route.method)
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description}\n\nScope: \`${route.scope}\`.`,
    tags: [route.tag],
    security: [{ [SECURITY_SCHEME]: [route.scope] }],
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(write
        ? {
            header: z.object({
              'Idempotency-Key': z.string().regex(IDEMPOTENCY_KEY_PATTERN).meta({
                description:
                  'A new random value per action (e.g. a UUID), the same one when the action is retried.',
              }),
            }),
          }
        : {}),
    },
    // A DELETE is sent without a body.
    ...(route.kind !== 'read' && route.method !== 'DELETE'
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses,
  }
}

/** The document for these routes. */
export function openApiDocument(routes: readonly ApiRoute[]): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {
    [OPENAPI_PATH]: {
      get: {
        operationId: 'getOpenApiDocument',
        summary: 'This document',
        description: 'The OpenAPI 3.1 document of the API. No key needed.',
        tags: ['meta'],
        security: [],
        responses: {
          '200': {
            description: 'The document.',
            content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
          },
        },
      },
    },
  }
  for (const route of routes) {
    const path = `${API_PREFIX}${route.path}`
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) }
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Kezek hub API',
        version: '1.0.0',
        description:
          "The HTTP API of one centre's Kezek hub for integrations (egov.kz, eGov Mobile, the Telegram bot, " +
          '1414). Every request under /api/v1 needs `Authorization: Bearer <integration key>`; errors are ' +
          'application/problem+json with a stable `code`; every write needs an `Idempotency-Key`. See docs/api.md.',
      },
      tags: [...new Set([...routes.map((route) => route.tag), 'meta'])].map((name) => ({ name })),
      paths,
      components: {
        securitySchemes: {
          [SECURITY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description: `The integration's key. Scopes: ${API_SCOPES.join(', ')}.`,
          },
        },
      },
    },
    { reused: 'ref' },
  )
}
