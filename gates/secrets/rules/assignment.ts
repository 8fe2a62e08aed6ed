/**
 * One definition of "a secret-looking name gets a literal", across the syntaxes that bind a value
 * to a name: `=`, `:`, `:=`, `=>`, make's `?=`/`::=`/`:::=`, `+=`, PHP's `.=`, `||=`, typed
 * declarations (`var apiToken string = …`, `val token: String = …`), a quoted name then a comma
 * (`setProperty("X_TOKEN", …)`, `setenv("API_KEY", …)`, `{ "AccountKey", … }`), subscripts
 * (`os.environ["API_KEY"] = …`), XML elements (`<password>` with the value on the same or the next
 * line, or wrapped: `<secret>{…}</secret>`), Markdown prose (set `AWS_SECRET_ACCESS_KEY` to `…`) and a
 * dash before a quoted value (`token - '…'`).
 *
 * Every quantifier is bounded, so a match costs at most a fixed window whatever the line length.
 */

/** Words that make a name secret-looking (regex source, case-insensitive). */
export const SECRET_NAMES = [
  'secret',
  'token',
  'passw(?:or)?d',
  'pwd',
  'api[_.\\-]?key',
  'access[_.\\-]?key',
  'account[_.\\-]?key',
  'storage[_.\\-]?key',
  'auth[_.\\-]?key',
  'credential',
  'private[_.\\-]?key',
  'signing[_.\\-]?key',
];

/** Their literal forms, for the keyword automaton (a file without one never runs the rule). */
export const SECRET_NAME_KEYWORDS = [
  'secret', 'token', 'passw', 'pwd', 'api_key', 'apikey', 'api-key', 'api.key', 'access_key', 'accesskey', 'access-key',
  'account_key', 'accountkey', 'account-key', 'storage_key', 'storagekey', 'storage-key', 'storage.key', 'auth_key', 'authkey', 'auth-key', 'credential', 'private_key', 'privatekey', 'signing_key',
];

/** Characters a literal secret is made of. */
export const SECRET_VALUE = `A-Za-z0-9_\\-+/=.~!@#%^&*`;

/** The rest of the name after the secret word (`_TOKEN_PROD`, `Key.dev`). */
const NAME_TAIL = `[\\w.\\-]{0,20}?`;
/** A statement continued on the next line (Java's `KEY\n    = "…"`, `process.env.KEY ||\n  "…"`). */
const CONTINUED = `(?:[ \\t]{0,4}\\r?\\n[ \\t]{0,40})?`;
/** What closes the name: quotes, a subscript's `]`, spaces. */
const NAME_CLOSE = `[\\s"'\`\\]]{0,3}${CONTINUED}`;
/** What opens the value. */
const VALUE_OPEN = `${CONTINUED}[\\s"'\`]{0,5}`;

/** The binders, most common first; each one is bounded. */
export const BINDERS: ReadonlyArray<{ id: string; regex: string }> = [
  { id: 'assign', regex: `:{0,3}=|=>|\\?=|\\+=|\\.=|\\|\\|=|:` },
  { id: 'typed', regex: `:?[ \\t]{0,2}(?:string|String|str|&str|&'static str)[ \\t]{0,2}=` },
  { id: 'quoted-name-comma', regex: `(?<=["'\`]\\]?)[ \\t]{0,2},` },
  { id: 'fallback', regex: `\\|\\||\\?\\?` },
  { id: 'brace-init', regex: `\\{(?=\\s{0,40}["'])` },
  { id: 'xml-element', regex: `(?<=<[\\w.\\-:]{0,40})>[ \\t]{0,4}\\r?\\n?[ \\t]{0,40}` },
  // A value the element wraps: Jenkins' `<secret>{AQAAABAAAA…}</secret>`, or a word or two before it.
  { id: 'xml-wrapped', regex: `(?<=<[\\w.\\-:]{0,40})>\\{(?:[\\w.\\-]{1,24} ){0,2}` },
  // Prose and logs that bind with a dash: `slack token - 'xoxb-…'`. Only a whole quoted literal: the
  // quote closes right after the value (a dash is also subtraction, and prose).
  { id: 'dash-quoted', regex: `-(?=[ \\t]{1,2}["'\`][${SECRET_VALUE}]{12,128}["'\`])` },
  // A command-line flag and its value: `-storagekey …`, `--password …` (the name starts a flag).
  { id: 'cli-flag', regex: `(?<=(?:^|[ \\t])--?[\\w.\\-]{0,40})[ \\t]{1,3}(?=[^\\s-])` },
  { id: 'markdown-prose', regex: `(?<=\`)[ \\t]{1,2}(?:to|as|is|=)[ \\t]{1,2}(?=\`)` },
];

/** The longest literal read as one value (OAuth 1 token pairs and signed tokens run past 128). */
export const MAX_VALUE = 256;

/** The regex source: name, binder, then the value in group 1. */
export function assignmentRegex(): string {
  return `(?:${SECRET_NAMES.join('|')})${NAME_TAIL}${NAME_CLOSE}(?:${BINDERS.map((b) => b.regex).join('|')})${VALUE_OPEN}([${SECRET_VALUE}]{12,${MAX_VALUE}})(?![${SECRET_VALUE}(\\[])`;
}

/** A line of each syntax, `{v}` standing for the value: the rule's own samples and the tests' table. */
export const ASSIGNMENT_SHAPES: readonly string[] = [
  'client_secret = "{v}"',
  '  "apiKey": "{v}",',
  'DB_PASSWORD={v}',
  'auth_token: {v}',
  'var apiToken string = "{v}"',
  'val signingToken: String = "{v}"',
  'API_TOKEN ?= {v}',
  'DEPLOY_TOKEN ::= {v}',
  'SERVICE_SECRET :::= {v}',
  'System.setProperty("X_TOKEN", "{v}");',
  'os.environ["API_KEY"] = "{v}"',
  'setenv("SERVICE_PASSWORD", "{v}", 1);',
  '$password .= "{v}";',
  '{ "AccountKey", "{v}" },',
  '<password>\n    {v}\n</password>',
  '<secret>{AQAAABAAA {v}}</secret>',
  "slack token - '{v}'",
  'AzureStorageCleanup.exe -storagename acct -storagekey {v} -container backup',
  'mysqladmin --user admin --password {v} status',
  'Set `AWS_SECRET_ACCESS_KEY` to `{v}` in the shell.',
  'public static final String DEFAULT_ACCOUNT_KEY\n        = "{v}";',
  'export const key =\n  process.env.ACCOUNT_KEY ||\n  "{v}";',
  'static const std::string AccountKey{\n    "{v}"};',
  "assert.equal(parsed['AccountKey'], '{v}');",
];
