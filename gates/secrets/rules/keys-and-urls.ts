import type { RandomText } from '../random-text.js';
import { CS, custom, type RuleDefinition } from './define-rule.js';

/** Private keys, JWTs, and URLs or connection strings that carry a password. */

function pemBody(r: RandomText, lines = 3): string {
  return Array.from({ length: lines }, () => r.chars(CS.b64.alphabet, 64)).join('\n');
}

/** A line break as written in a PEM file, or escaped once or twice inside a JSON, .env or YAML string. */
const LINE_BREAK = `(?:\\r?\\n|(?:\\\\{1,3}r)?\\\\{1,3}n)`;

function privateKey(id: string, description: string, label: string): RuleDefinition {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  return custom({
    id,
    description,
    keywords: [begin.toLowerCase().replace(/^-+/, '')],
    // Header, optional RFC 1421 headers, then up to four base64 lines (an OpenSSH key's first line is
    // mostly its fixed header): a header alone is documentation. Indented bodies (template strings) count.
    regex: `${begin}[ \\t]{0,4}${LINE_BREAK}(?:[A-Za-z\\-]{1,30}:[^\\n\\\\]{0,200}${LINE_BREAK}){0,4}[ \\t]{0,40}((?:[A-Za-z0-9+/=]{40,100}${LINE_BREAK}[ \\t]{0,40}){0,3}[A-Za-z0-9+/=]{20,100})`,
    secretGroup: 1,
    entropy: 4,
    sample: (r) => r.pick([
      `${begin}\n${pemBody(r)}\n${r.chars(CS.b64.alphabet, 20)}==\n${end}`,
      `  "private_key": "${begin}\\n${pemBody(r).replace(/\n/g, '\\n')}\\n${end}\\n",`,
      `const key = \`\n        ${begin}\n        ${pemBody(r).replace(/\n/g, '\n        ')}\n        ${end}\`;`,
    ]),
    nearMisses: (r) => [
      { text: `${begin}\n...\n${end}`, silent: true },
      { text: `${begin}\n${'A'.repeat(64)}\n${end}`, silent: true },
      { text: `"key": "${begin}\\n<your key here>\\n${end}"`, silent: true },
      { text: `const header = "${begin}"; // ${r.chars(CS.alpha.alphabet, 8)}`, silent: true },
    ],
  });
}

function urlWithPassword(id: string, description: string, schemes: string[], keywords: string[]): RuleDefinition {
  const scheme = schemes[0] as string;
  return custom({
    id,
    description,
    keywords,
    regex: `(?<![A-Za-z0-9+])(?:${schemes.map((s) => s.replace('+', '\\+')).join('|')})://([^:@/\\s"'\`<>{}$]{1,64}):([^@/\\s"'\`<>{}$]{3,128})@[A-Za-z0-9.\\-_]{1,255}`,
    secretGroup: 2,
    entropy: 2.5,
    validator: 'url-password',
    sample: (r) => `DATABASE_URL="${scheme}://app_user:${r.chars(CS.alnum.alphabet, 20)}@db.internal.prod:5432/app"`,
    nearMisses: (r) => [
      { text: `DATABASE_URL="${scheme}://app_user:\${DB_PASSWORD}@db.internal.prod/app"`, silent: true },
      { text: `url: ${scheme}://user:password@localhost/app`, silent: true },
      { text: `url: ${scheme}://db.internal.prod/app?user=${r.chars(CS.alpha.alphabet, 6)}`, silent: true },
    ],
  });
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export const KEY_AND_URL_RULES: RuleDefinition[] = [
  privateKey('private-key-rsa', 'RSA private key', 'RSA PRIVATE KEY'),
  privateKey('private-key-ec', 'EC private key', 'EC PRIVATE KEY'),
  privateKey('private-key-dsa', 'DSA private key', 'DSA PRIVATE KEY'),
  privateKey('private-key-openssh', 'OpenSSH private key', 'OPENSSH PRIVATE KEY'),
  privateKey('private-key-pkcs8', 'PKCS#8 private key', 'PRIVATE KEY'),
  privateKey('private-key-encrypted', 'Encrypted PKCS#8 private key', 'ENCRYPTED PRIVATE KEY'),
  privateKey('private-key-pgp', 'PGP private key block', 'PGP PRIVATE KEY BLOCK'),
  custom({
    id: 'private-key-putty',
    description: 'PuTTY private key file',
    keywords: ['private-lines'],
    regex: `PuTTY-User-Key-File-[23]:[^\\n]{1,100}\\n(?:[^\\n]{0,1000}\\n){0,30}?Private-Lines:\\s{0,3}\\d{1,3}\\r?\\n([A-Za-z0-9+/=]{40,100})`,
    secretGroup: 1,
    entropy: 4,
    sample: (r) => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${pemBody(r, 2)}\nPrivate-Lines: 1\n${r.chars(CS.b64.alphabet, 64)}\nPrivate-MAC: ${r.chars(CS.hex.alphabet, 64)}`,
    nearMisses: () => [{ text: 'PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n<key>', silent: true }],
  }),
  custom({
    id: 'jwt',
    description: 'JSON Web Token',
    keywords: ['eyj'],
    // The payload `e30` is `{}`: an empty claim set, reported (as sample data) like the rest.
    regex: `(?<![A-Za-z0-9_\\-])(eyJ[A-Za-z0-9_\\-]{10,600}\\.(?:eyJ[A-Za-z0-9_\\-]{10,4000}|e30)\\.[A-Za-z0-9_\\-]{20,1000})(?![A-Za-z0-9_\\-])`,
    secretGroup: 1,
    entropy: 3.5,
    sample: (r) => {
      const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      const payload = base64url(JSON.stringify({ sub: r.chars(CS.digits.alphabet, 8), name: r.chars(CS.alpha.alphabet, 10), iat: r.int(1.6e9, 1.9e9) }));
      return `Authorization: Bearer ${header}.${payload}.${r.chars(CS.b64url.alphabet, 43)}`;
    },
    nearMisses: (r) => [
      { text: `const part = "${base64url(JSON.stringify({ alg: 'none' }))}.${base64url(JSON.stringify({ sub: r.chars(CS.digits.alphabet, 8) }))}.";`, silent: true },
    ],
  }),
  urlWithPassword('postgres-url-password', 'PostgreSQL URL with a password', ['postgresql', 'postgres'], ['postgres']),
  urlWithPassword('mysql-url-password', 'MySQL / MariaDB URL with a password', ['mysql', 'mariadb', 'mysql2'], ['mysql', 'mariadb']),
  urlWithPassword('mongodb-url-password', 'MongoDB URL with a password', ['mongodb+srv', 'mongodb'], ['mongodb']),
  urlWithPassword('redis-url-password', 'Redis URL with a password', ['rediss', 'redis'], ['redis']),
  urlWithPassword('amqp-url-password', 'AMQP (RabbitMQ) URL with a password', ['amqps', 'amqp'], ['amqp']),
  urlWithPassword('mssql-url-password', 'SQL Server URL with a password', ['mssql', 'sqlserver'], ['mssql', 'sqlserver']),
  urlWithPassword('basic-auth-url', 'URL with embedded credentials', ['https', 'http', 'ftp', 'sftp', 'ssh', 'git', 'smtp', 'smtps', 'ldap', 'ldaps'], ['://']),
  custom({
    id: 'connection-string-password',
    description: 'Password in a database connection string',
    keywords: ['password=', 'pwd='],
    regex: `(?:Server|Data Source|Host|Address)=[^;\\n]{1,120};[^"'\\n]{0,300}?(?:Password|Pwd)=([^;"'\\s]{4,128})`,
    flags: 'i',
    secretGroup: 1,
    entropy: 2.5,
    validator: 'url-password',
    sample: (r) => `"Default": "Server=sql.prod;Database=app;User Id=app;Password=${r.chars(CS.alnum.alphabet, 18)};"`,
    nearMisses: () => [
      { text: '"Default": "Server=sql.prod;Database=app;User Id=app;Password=$(DB_PASSWORD);"', silent: true },
      { text: '"Default": "Server=(localdb);Integrated Security=true;"', silent: true },
    ],
  }),
];
