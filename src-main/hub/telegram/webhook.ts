/**
 * Webhook mode: Telegram posts each update to the configured path (under `/api/`, so the request guard
 * sees it first), carrying the secret given with `setWebhook` in `X-Telegram-Bot-Api-Secret-Token`. A
 * wrong or missing secret is 401 and nothing runs; the update is handled before the 200, so Telegram
 * sends it again if the hub fails (the engine answers a repeated update from its stored answer).
 */
import { timingSafeEqual } from 'node:crypto'
import type { Bot } from 'grammy'
import type { Update } from 'grammy/types'
import type { HttpApp } from '../http/router'
import { readJson, sendError, sendJson } from '../http/respond'
import type { Logger } from '../logger'

export interface WebhookOptions {
  bot: Bot
  path: string
  secret: string
  logger: Logger
}

function sameSecret(sent: string | string[] | undefined, secret: string): boolean {
  if (typeof sent !== 'string') return false
  const a = Buffer.from(sent)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function webhookApp({ bot, path, secret, logger }: WebhookOptions): HttpApp {
  return async (req, res, url) => {
    if (url.pathname !== path) return false
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      sendError(res, 405, 'method_not_allowed', `${path} takes only Telegram's POSTs`)
      return true
    }
    if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
      logger.warn({ event: 'telegram-webhook-refused' }, 'a webhook call without the right secret')
      sendError(res, 401, 'unauthenticated', 'the Telegram secret token is missing or wrong')
      return true
    }
    const body = await readJson(req)
    if (!body.ok) {
      sendError(res, body.status, body.code, body.message)
      return true
    }
    const update = body.value as Update
    if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') {
      sendError(res, 400, 'invalid_payload', 'not a Telegram update (no update_id)')
      return true
    }
    try {
      await bot.init()
      await bot.handleUpdate(update)
    } catch (error) {
      // The error holds the update's context (the chat): only its words are logged.
      const reason = String((error as { error?: unknown }).error ?? error)
      logger.error(
        { event: 'telegram-update-failed', updateId: update.update_id, reason },
        'webhook update failed',
      )
      sendError(res, 500, 'internal', 'the update could not be handled; Telegram will send it again')
      return true
    }
    sendJson(res, 200, {})
    return true
  }
}
