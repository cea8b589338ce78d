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
]
