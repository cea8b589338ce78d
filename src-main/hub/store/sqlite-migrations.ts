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
]
