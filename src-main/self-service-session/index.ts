/**
 * The self-service session core, shared by both kiosk shells: the lifecycle (`SelfServiceSessions`),
 * the decisions of one open session (./session.ts), what it asks of a shell's browser
 * (./browser-port.ts), the page's requests (./requests.ts), the session's files (./files.ts) and its
 * allowlist proxy (./allowlist-proxy.ts). A shell imports from here only.
 */
export { SelfServiceSessions, type CurrentSession, type SelfServiceOptions } from './sessions'
export type {
  DeliveryKind,
  DownloadEnd,
  DownloadHandle,
  KioskAttachment,
  PortalBrowser,
  PortalSetup,
  PortalView,
  SessionHooks,
  WipeStep,
} from './browser-port'
export { BLANK_FRAMES, type SelfServicePort } from './requests'
export { hubCatalogueLoader, safeFileName, sweepSessionFolders, TEMP_PREFIX } from './files'
