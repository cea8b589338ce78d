// Browser e2e tests pass functions to `page.evaluate`, which run in the page: they name `document`,
// `window` and `localStorage`. The Node tsconfig has no DOM library, so it is added for these files.
/// <reference lib="dom" />
