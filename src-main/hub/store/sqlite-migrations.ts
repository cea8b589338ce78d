import type Database from 'better-sqlite3'

/**
 * One step of the SQLite schema. Versions start at 1 and grow by one; a released migration is never
 * edited, only followed by a new one. Each runs in its own transaction together with its record in
 * `schema_migrations`.
 */
export interface SqliteMigration {
  version: number
  name: string
  up(db: Database.Database): void
}

export const migrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'event log, command results, staff sessions',
    up(db) {
      // `data` is the whole envelope as JSON; `type` and `at` are copied out only to be queried.
      db.exec(`
        CREATE TABLE events (
          seq INTEGER PRIMARY KEY,
          type TEXT NOT NULL,
          at INTEGER NOT NULL,
          data TEXT NOT NULL
        ) STRICT;

        -- Lets eventsOfCurrentDay find the newest day:opened without scanning the log.
        CREATE INDEX events_day_opened ON events (seq) WHERE type = 'day:opened';

        CREATE TABLE command_results (
          principal TEXT NOT NULL,
          request_id TEXT NOT NULL,
          ack TEXT NOT NULL,
          at INTEGER NOT NULL,
          PRIMARY KEY (principal, request_id)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX command_results_at ON command_results (at);

        CREATE TABLE staff_sessions (
          token_hash TEXT PRIMARY KEY,
          staff_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT;
      `)
    },
  },
  {
    version: 2,
    name: 'mobile-citizen registration: bindings, challenges, audit log, gateway outbox',
    up(db) {
      // Personal data (IIN, phone) lives only in `bindings` and `registration_challenges` (and in the
      // outbox until delivered), never in `events`. Masked copies stay when retention erases the rest.
      // `day` columns hold the centre's local day, so the daily figures and exports need no time-zone maths.
      db.exec(`
        CREATE TABLE bindings (
          id TEXT PRIMARY KEY,
          iin TEXT,
          phone_e164 TEXT,
          iin_masked TEXT NOT NULL,
          phone_masked TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('active', 'replaced', 'revoked')),
          centre_id TEXT NOT NULL,
          ticket_id TEXT,
          staff_id TEXT NOT NULL,
          desk_id TEXT NOT NULL,
          registration_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          confirmed_at INTEGER NOT NULL,
          day TEXT NOT NULL,
          replaces TEXT REFERENCES bindings (id),
          replaced_by TEXT REFERENCES bindings (id),
          ended_at INTEGER,
          revoke_reason TEXT,
          consent_version TEXT NOT NULL,
          consent_language TEXT NOT NULL CHECK (consent_language IN ('kk', 'ru')),
          consent_at INTEGER NOT NULL,
          document_checked INTEGER NOT NULL CHECK (document_checked IN (0, 1)),
          purged_at INTEGER,
          CHECK ((purged_at IS NULL) = (iin IS NOT NULL AND phone_e164 IS NOT NULL))
        ) STRICT;

        -- One active binding per IIN.
        CREATE UNIQUE INDEX bindings_active_iin ON bindings (iin) WHERE status = 'active';
        CREATE INDEX bindings_iin ON bindings (iin);
        CREATE INDEX bindings_unpurged ON bindings (confirmed_at) WHERE purged_at IS NULL;

        CREATE TABLE registration_challenges (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('register', 'change-phone')),
          status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'expired', 'failed', 'cancelled')),
          iin TEXT,
          phone_e164 TEXT,
          iin_masked TEXT NOT NULL,
          phone_masked TEXT NOT NULL,
          replaces_binding_id TEXT REFERENCES bindings (id),
          binding_id TEXT REFERENCES bindings (id),
          ticket_id TEXT,
          staff_id TEXT NOT NULL,
          desk_id TEXT NOT NULL,
          consent_version TEXT NOT NULL,
          consent_language TEXT NOT NULL CHECK (consent_language IN ('kk', 'ru')),
          document_checked INTEGER NOT NULL CHECK (document_checked IN (0, 1)),
          -- scrypt of the one-time code with its own salt; cleared once the challenge is finished.
          code_hash BLOB,
          code_salt BLOB,
          created_at INTEGER NOT NULL,
          day TEXT NOT NULL,
          sent_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          sends INTEGER NOT NULL DEFAULT 1,
          finished_at INTEGER
        ) STRICT;

        CREATE INDEX registration_challenges_pending ON registration_challenges (expires_at) WHERE status = 'pending';
        CREATE INDEX registration_challenges_day ON registration_challenges (day);
        CREATE INDEX registration_challenges_iin ON registration_challenges (iin) WHERE status = 'pending';

        -- Who read or changed which binding, when, from which desk. Values are masked; never updated.
        CREATE TABLE registration_audit (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          day TEXT NOT NULL,
          staff_id TEXT,
          desk_id TEXT,
          action TEXT NOT NULL,
          binding_id TEXT,
          registration_id TEXT,
          old_value TEXT,
          new_value TEXT,
          detail TEXT
        ) STRICT;

        CREATE INDEX registration_audit_day ON registration_audit (day);

        -- Submissions to the mobile-citizen database, written in the transaction that confirms or revokes
        -- the binding and delivered later with retries; the payload is masked once delivered.
        CREATE TABLE gateway_outbox (
          id INTEGER PRIMARY KEY,
          idempotency_key TEXT NOT NULL UNIQUE,
          binding_id TEXT NOT NULL REFERENCES bindings (id),
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'retrying', 'delivered')),
          attempts INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          next_attempt_at INTEGER NOT NULL,
          last_error TEXT,
          delivered_at INTEGER
        ) STRICT;

        CREATE INDEX gateway_outbox_due ON gateway_outbox (next_attempt_at) WHERE status != 'delivered';
        CREATE INDEX gateway_outbox_binding ON gateway_outbox (binding_id);

        -- The local stand-in for the mobile-citizen database (gateway kind "local"). Keyed by the
        -- idempotency key, so a repeated delivery is recorded once.
        CREATE TABLE mobile_citizen_submissions (
          idempotency_key TEXT PRIMARY KEY,
          binding_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          received_at INTEGER NOT NULL
        ) STRICT;
      `)
    },
  },
  {
    version: 3,
    name: 'command results remember a fingerprint of the payload',
    up(db) {
      // A request id reused with another payload is refused instead of answered with the first ack.
      // Rows written before this migration keep NULL and are not compared. The registration desk's rows
      // carry a keyed (HMAC) fingerprint, as their payloads hold personal data (src-main/hub/idempotency.ts).
      db.exec('ALTER TABLE command_results ADD COLUMN fingerprint TEXT')
    },
  },
  {
    version: 4,
    name: 'registration desk: personal fields sealed by the vault, the IIN found by its keyed hash',
    up(db) {
      // From now on `iin_sealed`, `phone_sealed` and the payloads hold text sealed under `key_id`, and the
      // IIN is looked up by `iin_hash` (registration/desk-records.ts). RENAME COLUMN rewrites the CHECK on
      // bindings and the indexes that name the columns. Rows written before the vault keep their plain
      // values, marked `key_id = 'plain'` (PLAIN_KEY_ID): the hub seals them at its next start, before the
      // desk serves. Erased rows (finished challenges, delivered submissions, purged bindings) get no key id.
      db.exec(`
        ALTER TABLE bindings RENAME COLUMN iin TO iin_sealed;
        ALTER TABLE bindings RENAME COLUMN phone_e164 TO phone_sealed;
        ALTER TABLE bindings ADD COLUMN iin_hash TEXT;
        ALTER TABLE bindings ADD COLUMN key_id TEXT;
        DROP INDEX bindings_active_iin;
        DROP INDEX bindings_iin;
        -- One active binding per IIN (per hash: the desk looks up one hash per vault key).
        CREATE UNIQUE INDEX bindings_active_iin_hash ON bindings (iin_hash) WHERE status = 'active';
        CREATE INDEX bindings_iin_hash ON bindings (iin_hash);

        ALTER TABLE registration_challenges RENAME COLUMN iin TO iin_sealed;
        ALTER TABLE registration_challenges RENAME COLUMN phone_e164 TO phone_sealed;
        ALTER TABLE registration_challenges ADD COLUMN iin_hash TEXT;
        ALTER TABLE registration_challenges ADD COLUMN key_id TEXT;
        DROP INDEX registration_challenges_iin;
        CREATE INDEX registration_challenges_iin_hash ON registration_challenges (iin_hash) WHERE status = 'pending';

        ALTER TABLE gateway_outbox ADD COLUMN key_id TEXT;
        ALTER TABLE mobile_citizen_submissions ADD COLUMN key_id TEXT;

        UPDATE bindings SET key_id = 'plain' WHERE purged_at IS NULL;
        UPDATE registration_challenges SET key_id = 'plain' WHERE status = 'pending';
        UPDATE gateway_outbox SET key_id = 'plain' WHERE status != 'delivered';
        -- A submission is plain unless its IIN is already masked (the purge masks it), whatever its binding.
        UPDATE mobile_citizen_submissions SET key_id = 'plain'
        WHERE instr(coalesce(json_extract(payload, '$.iin'), ''), '*') = 0;

        -- A check value per vault key this file has seen, so a wrong key file is refused, not used.
        CREATE TABLE vault_keys (
          key_id TEXT PRIMARY KEY,
          check_value TEXT NOT NULL,
          first_seen_at INTEGER NOT NULL
        ) STRICT;
      `)
    },
  },
  {
    version: 5,
    name: 'vault entries: personal values that events refer to by id',
    up(db) {
      // One personal value per row (vault/entry-records.ts): `sealed` under `key_id`, bound to
      // `vault_entries:<id>:<kind>`; `hash` is its keyed hash for the kinds that are looked up by value
      // (one live entry per value), NULL for the others. Erasure keeps the row (so an id in the event log
      // still resolves to "erased") and sets hash, sealed and key_id to NULL; secure_delete zeroes them.
      // `used_at` moves forward each time a looked-up value is put again, so the retention purge never
      // takes an entry a newer event still refers to.
      db.exec(`
        CREATE TABLE vault_entries (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          hash TEXT,
          sealed TEXT,
          key_id TEXT,
          created_at INTEGER NOT NULL,
          used_at INTEGER NOT NULL,
          erased_at INTEGER,
          CHECK ((erased_at IS NULL) = (sealed IS NOT NULL AND key_id IS NOT NULL)),
          CHECK (erased_at IS NULL OR hash IS NULL)
        ) STRICT;

        CREATE UNIQUE INDEX vault_entries_hash ON vault_entries (kind, hash) WHERE hash IS NOT NULL;
        CREATE INDEX vault_entries_used ON vault_entries (used_at) WHERE erased_at IS NULL;
        CREATE INDEX vault_entries_key ON vault_entries (key_id) WHERE key_id IS NOT NULL;
      `)
    },
  },
  {
    version: 6,
    name: 'notifications: outbox, its cursor in the log, consents, Telegram links',
    up(db) {
      // The outbox (hub/notify/notify-records.ts): one row per notification, keyed by the rule's key so a
      // fact replayed after a crash makes no second row; a phone only as its vault entry id, never a number.
      // `notify_cursor` is the last seq whose notifications are in the outbox (one row).
      db.exec(`
        CREATE TABLE notify_outbox (
          key TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          channel TEXT NOT NULL CHECK (channel IN ('sms', 'telegram')),
          phone_id TEXT NOT NULL,
          subject_id TEXT NOT NULL,
          params TEXT NOT NULL,
          seq INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
          attempts INTEGER NOT NULL,
          not_before INTEGER NOT NULL,
          reason TEXT,
          error TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          sent_at INTEGER
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX notify_outbox_due ON notify_outbox (channel, not_before)
          WHERE status IN ('pending', 'sending');
        CREATE INDEX notify_outbox_recent ON notify_outbox (created_at);

        CREATE TABLE notify_cursor (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          seq INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE notify_consents (
          phone_id TEXT NOT NULL,
          channel TEXT NOT NULL CHECK (channel IN ('sms', 'telegram')),
          granted_at INTEGER NOT NULL,
          revoked_at INTEGER,
          PRIMARY KEY (phone_id, channel)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE telegram_links (
          phone_id TEXT PRIMARY KEY,
          chat_entry_id TEXT NOT NULL UNIQUE,
          language TEXT NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
          linked_at INTEGER NOT NULL
        ) STRICT;
      `)
    },
  },
  {
    version: 7,
    name: "centre config versions: the admin screen's changes and their audit",
    up(db) {
      // One row per change (admin/config-versions.ts); the newest row's `config` is the centre's config
      // from then on (the file only bootstraps). `before` and `after` are the edited section as JSON, with
      // staff password hashes replaced by a mark: the audit never shows a hash.
      db.exec(`
        CREATE TABLE config_versions (
          version INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          by_staff TEXT NOT NULL,
          section TEXT NOT NULL,
          before TEXT NOT NULL,
          after TEXT NOT NULL,
          config TEXT NOT NULL
        ) STRICT;
      `)
    },
  },
  {
    version: 8,
    name: "device pairing codes: the admin screen's one-time codes survive a restart",
    up(db) {
      // One row per code not yet used (admin/pairing-codes.ts): only the SHA-256 of the code, never the
      // code itself; a redeem deletes its row, so a code works once.
      db.exec(`
        CREATE TABLE pairing_codes (
          code_hash TEXT PRIMARY KEY,
          device_id TEXT NOT NULL,
          by_staff TEXT NOT NULL,
          expires_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX pairing_codes_device ON pairing_codes (device_id);
        CREATE INDEX pairing_codes_expiry ON pairing_codes (expires_at);
      `)
    },
  },
]
