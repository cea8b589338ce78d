/**
 * bigint (int8) columns and counts as JS numbers, for the queries that ask for it (`types` on a query):
 * epoch milliseconds, ids and counts stay far below 2^53. pg's default is a string, which
 * postgres-store.ts converts by hand.
 */
import pg from 'pg'

const INT8_OID = 20

export const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}
