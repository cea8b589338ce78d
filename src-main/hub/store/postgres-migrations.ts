/**
 * The PostgreSQL store's schema, as numbered migrations: each runs once, in order, in one transaction
 * with the others pending at that start (see `migrate` in postgres-store.ts). Never edit a migration
 * that has shipped; add the next one.
 *
 * Every table starts its key with `centre_id`, so one database holds many centres. Times are epoch
 * milliseconds (`bigint`), as in the SQLite store, so both stores keep the same values.
 */
export interface PostgresMigration {
  version: number
  name: string
  sql: string
}

export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'event log, command results, staff sessions',
    sql: `
      CREATE TABLE kezek_events (
        centre_id text NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        type text NOT NULL,
        at bigint NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (centre_id, seq)
      );
      -- Loading a day starts at the newest day:opened of the centre.
      CREATE INDEX kezek_events_day_opened ON kezek_events (centre_id, seq) WHERE type = 'day:opened';

      CREATE TABLE kezek_command_results (
        centre_id text NOT NULL,
        principal text NOT NULL,
        request_id text NOT NULL,
        ack text NOT NULL,
        at bigint NOT NULL,
        fingerprint text,
        PRIMARY KEY (centre_id, principal, request_id)
      );
      CREATE INDEX kezek_command_results_at ON kezek_command_results (centre_id, at);

      CREATE TABLE kezek_staff_sessions (
        centre_id text NOT NULL,
        token_hash text NOT NULL,
        staff_id text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (centre_id, token_hash)
      );
      CREATE INDEX kezek_staff_sessions_expires ON kezek_staff_sessions (centre_id, expires_at);
    `,
  },
  {
    version: 2,
    name: 'mobile-citizen registration: bindings, challenges, audit log, gateway outbox, vault keys',
    // The SQLite tables of migrations 2 and 4, sealed from the start: personal fields are text sealed by
    // the vault under `key_id`, the IIN is found by its keyed hash (registration/desk-records.ts). The
    // desk's retry records go in kezek_command_results.
    sql: `
      CREATE TABLE kezek_bindings (
        centre_id text NOT NULL,
        id text NOT NULL,
        -- Insertion order: what SQLite's rowid gives bindingsForIin between equal confirmation times.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        iin_hash text,
        iin_sealed text,
        phone_sealed text,
        key_id text,
        iin_masked text NOT NULL,
        phone_masked text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'replaced', 'revoked')),
        ticket_id text,
        staff_id text NOT NULL,
        desk_id text NOT NULL,
        registration_id text NOT NULL,
        created_at bigint NOT NULL,
        confirmed_at bigint NOT NULL,
        day text NOT NULL,
        replaces text,
        replaced_by text,
        ended_at bigint,
        revoke_reason text,
        consent_version text NOT NULL,
        consent_language text NOT NULL CHECK (consent_language IN ('kk', 'ru')),
        consent_at bigint NOT NULL,
        document_checked boolean NOT NULL,
        purged_at bigint,
        PRIMARY KEY (centre_id, id),
        FOREIGN KEY (centre_id, replaces) REFERENCES kezek_bindings (centre_id, id),
        FOREIGN KEY (centre_id, replaced_by) REFERENCES kezek_bindings (centre_id, id),
        -- Until purged a binding holds its sealed fields, the key that sealed them and its IIN hash.
        CHECK ((purged_at IS NULL) = (
          iin_hash IS NOT NULL AND iin_sealed IS NOT NULL AND phone_sealed IS NOT NULL AND key_id IS NOT NULL))
      );
      -- One active binding per IIN (per hash: the desk looks up one hash per vault key).
      CREATE UNIQUE INDEX kezek_bindings_active_iin_hash ON kezek_bindings (centre_id, iin_hash)
        WHERE status = 'active';
      CREATE INDEX kezek_bindings_iin_hash ON kezek_bindings (centre_id, iin_hash);
      CREATE INDEX kezek_bindings_unpurged ON kezek_bindings (centre_id, confirmed_at) WHERE purged_at IS NULL;

      CREATE TABLE kezek_registration_challenges (
        centre_id text NOT NULL,
        id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('register', 'change-phone')),
        status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'expired', 'failed', 'cancelled')),
        iin_hash text,
        iin_sealed text,
        phone_sealed text,
        key_id text,
        iin_masked text NOT NULL,
        phone_masked text NOT NULL,
        replaces_binding_id text,
        binding_id text,
        ticket_id text,
        staff_id text NOT NULL,
        desk_id text NOT NULL,
        consent_version text NOT NULL,
        consent_language text NOT NULL CHECK (consent_language IN ('kk', 'ru')),
        document_checked boolean NOT NULL,
        -- scrypt of the one-time code with its own salt; cleared once the challenge is finished.
        code_hash bytea,
        code_salt bytea,
        created_at bigint NOT NULL,
        day text NOT NULL,
        sent_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        sends integer NOT NULL DEFAULT 1,
        finished_at bigint,
        PRIMARY KEY (centre_id, id),
        FOREIGN KEY (centre_id, replaces_binding_id) REFERENCES kezek_bindings (centre_id, id),
        FOREIGN KEY (centre_id, binding_id) REFERENCES kezek_bindings (centre_id, id)
      );
      CREATE INDEX kezek_registration_challenges_pending ON kezek_registration_challenges (centre_id, expires_at)
        WHERE status = 'pending';
      CREATE INDEX kezek_registration_challenges_day ON kezek_registration_challenges (centre_id, day);
      CREATE INDEX kezek_registration_challenges_iin_hash ON kezek_registration_challenges (centre_id, iin_hash)
        WHERE status = 'pending';

      -- Who read or changed which binding, when, from which desk. Values are masked; never updated.
      CREATE TABLE kezek_registration_audit (
        centre_id text NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        at bigint NOT NULL,
        day text NOT NULL,
        staff_id text,
        desk_id text,
        action text NOT NULL,
        binding_id text,
        registration_id text,
        old_value text,
        new_value text,
        detail text,
        PRIMARY KEY (centre_id, id)
      );
      CREATE INDEX kezek_registration_audit_day ON kezek_registration_audit (centre_id, day);
      CREATE INDEX kezek_registration_audit_binding ON kezek_registration_audit (centre_id, binding_id);

      -- Submissions to the mobile-citizen database; the payload is sealed until delivered, masked after.
      CREATE TABLE kezek_gateway_outbox (
        centre_id text NOT NULL,
        id bigint GENERATED ALWAYS AS IDENTITY,
        idempotency_key text NOT NULL,
        binding_id text NOT NULL,
        kind text NOT NULL,
        payload text NOT NULL,
        key_id text,
        status text NOT NULL CHECK (status IN ('pending', 'retrying', 'delivered')),
        attempts integer NOT NULL DEFAULT 0,
        created_at bigint NOT NULL,
        next_attempt_at bigint NOT NULL,
        last_error text,
        delivered_at bigint,
        PRIMARY KEY (centre_id, id),
        UNIQUE (centre_id, idempotency_key),
        FOREIGN KEY (centre_id, binding_id) REFERENCES kezek_bindings (centre_id, id)
      );
      CREATE INDEX kezek_gateway_outbox_due ON kezek_gateway_outbox (centre_id, next_attempt_at)
        WHERE status <> 'delivered';
      CREATE INDEX kezek_gateway_outbox_binding ON kezek_gateway_outbox (centre_id, binding_id);

      -- The local stand-in for the mobile-citizen database, once per idempotency key.
      CREATE TABLE kezek_mobile_citizen_submissions (
        centre_id text NOT NULL,
        idempotency_key text NOT NULL,
        binding_id text NOT NULL,
        kind text NOT NULL,
        payload text NOT NULL,
        key_id text,
        received_at bigint NOT NULL,
        PRIMARY KEY (centre_id, idempotency_key)
      );
      CREATE INDEX kezek_mobile_citizen_submissions_binding ON kezek_mobile_citizen_submissions (centre_id, binding_id);

      -- A check value per vault key the centre's rows have seen, so a wrong key file is refused, not used.
      CREATE TABLE kezek_vault_keys (
        centre_id text NOT NULL,
        key_id text NOT NULL,
        check_value text NOT NULL,
        first_seen_at bigint NOT NULL,
        PRIMARY KEY (centre_id, key_id)
      );
    `,
  },
  {
    version: 3,
    name: 'vault entries: personal values that events refer to by id',
    // SQLite's migration 5, keyed by the centre (vault/entry-records.ts).
    sql: `
      CREATE TABLE kezek_vault_entries (
        centre_id text NOT NULL,
        id text NOT NULL,
        kind text NOT NULL,
        hash text,
        sealed text,
        key_id text,
        created_at bigint NOT NULL,
        used_at bigint NOT NULL,
        erased_at bigint,
        PRIMARY KEY (centre_id, id),
        CHECK ((erased_at IS NULL) = (sealed IS NOT NULL AND key_id IS NOT NULL)),
        CHECK (erased_at IS NULL OR hash IS NULL)
      );
      -- One live entry per looked-up value (per hash: a value has one hash per vault key).
      CREATE UNIQUE INDEX kezek_vault_entries_hash ON kezek_vault_entries (centre_id, kind, hash)
        WHERE hash IS NOT NULL;
      CREATE INDEX kezek_vault_entries_used ON kezek_vault_entries (centre_id, used_at) WHERE erased_at IS NULL;
      CREATE INDEX kezek_vault_entries_key ON kezek_vault_entries (centre_id, key_id) WHERE key_id IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'notifications: outbox, its cursor in the log, consents, Telegram links',
    // SQLite's migration 6, keyed by the centre (notify/notify-records.ts).
    sql: `
      CREATE TABLE kezek_notify_outbox (
        centre_id text NOT NULL,
        key text NOT NULL,
        kind text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms', 'telegram')),
        phone_id text NOT NULL,
        subject_id text NOT NULL,
        params text NOT NULL,
        seq bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
        attempts integer NOT NULL,
        not_before bigint NOT NULL,
        reason text,
        error text,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        sent_at bigint,
        PRIMARY KEY (centre_id, key)
      );
      CREATE INDEX kezek_notify_outbox_due ON kezek_notify_outbox (centre_id, channel, not_before)
        WHERE status IN ('pending', 'sending');
      CREATE INDEX kezek_notify_outbox_recent ON kezek_notify_outbox (centre_id, created_at);

      CREATE TABLE kezek_notify_cursor (
        centre_id text PRIMARY KEY,
        seq bigint NOT NULL
      );

      CREATE TABLE kezek_notify_consents (
        centre_id text NOT NULL,
        phone_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms', 'telegram')),
        granted_at bigint NOT NULL,
        revoked_at bigint,
        PRIMARY KEY (centre_id, phone_id, channel)
      );

      CREATE TABLE kezek_telegram_links (
        centre_id text NOT NULL,
        phone_id text NOT NULL,
        chat_entry_id text NOT NULL,
        language text NOT NULL CHECK (language IN ('kk', 'ru', 'en')),
        linked_at bigint NOT NULL,
        PRIMARY KEY (centre_id, phone_id),
        UNIQUE (centre_id, chat_entry_id)
      );
    `,
  },
  {
    version: 5,
    name: "centre config versions: the admin screen's changes and their audit",
    sql: `
      CREATE TABLE kezek_config_versions (
        centre_id text NOT NULL,
        version bigint NOT NULL CHECK (version > 0),
        at bigint NOT NULL,
        by_staff text NOT NULL,
        section text NOT NULL,
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        config jsonb NOT NULL,
        PRIMARY KEY (centre_id, version)
      );
    `,
  },
  {
    version: 6,
    name: "device pairing codes: the admin screen's one-time codes survive a restart",
    sql: `
      CREATE TABLE kezek_pairing_codes (
        centre_id text NOT NULL,
        code_hash text NOT NULL,
        device_id text NOT NULL,
        by_staff text NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (centre_id, code_hash)
      );
      CREATE INDEX kezek_pairing_codes_device ON kezek_pairing_codes (centre_id, device_id);
      CREATE INDEX kezek_pairing_codes_expiry ON kezek_pairing_codes (centre_id, expires_at);
    `,
  },
]
