/** Builds the registration adapters the centre config names. */
import { join } from 'node:path'
import type { RegistrationConfig } from '../../../../src-shared/config'
import {
  HttpMobileCitizenGateway,
  LocalMobileCitizenGateway,
  type LocalSubmissions,
  type MobileCitizenGateway,
} from './mobile-citizen-gateway'
import { HttpSmsGateway, OutboxSmsGateway, SMS_OUTBOX_FILE, type SmsGateway } from './sms-gateway'

export interface AdapterContext {
  dataDir: string
  /** Where the local stand-in of the mobile-citizen database keeps submissions (sealed). */
  submissions: LocalSubmissions
  now: () => number
  env?: NodeJS.ProcessEnv
}

function secret(env: NodeJS.ProcessEnv, name: string, field: string): string {
  const value = env[name]
  if (!value)
    throw new Error(`registration.${field}.passwordEnv: the environment variable ${name} is not set`)
  return value
}

export function smsGatewayFromConfig(config: RegistrationConfig['sms'], context: AdapterContext): SmsGateway {
  if (config.kind === 'outbox')
    return new OutboxSmsGateway(join(context.dataDir, SMS_OUTBOX_FILE), context.now)
  return new HttpSmsGateway({
    url: config.url,
    username: config.username,
    password: secret(context.env ?? process.env, config.passwordEnv, 'sms'),
    timeoutMs: config.timeoutMs,
    retries: config.retries,
  })
}

export function citizenGatewayFromConfig(
  config: RegistrationConfig['gateway'],
  context: AdapterContext,
): MobileCitizenGateway {
  if (config.kind === 'local') return new LocalMobileCitizenGateway(context.submissions, context.now)
  return new HttpMobileCitizenGateway({
    url: config.url,
    username: config.username,
    password: secret(context.env ?? process.env, config.passwordEnv, 'gateway'),
    timeoutMs: config.timeoutMs,
  })
}
