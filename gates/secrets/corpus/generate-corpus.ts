import { CS } from '../rules/define-rule.js';
import { DEFAULT_RULES } from '../rules/default-rules.js';
import { RandomText } from '../random-text.js';

/**
 * A labelled corpus built at run time from each rule's own sample generator: files holding one
 * known secret among ordinary code, and decoy files full of near misses and look-alikes (hashes,
 * UUIDs, env references, placeholders) that must stay silent. Used by the precision/recall test
 * and by the benchmark; nothing in it is a live credential.
 */
export interface CorpusFile {
  path: string;
  text: string;
  /** The rule that must report this file's one secret; undefined for decoy files. */
  expectedRule?: string;
}

const EXTENSIONS = ['ts', 'js', 'py', 'go', 'rb', 'yml', 'json', 'env', 'tf', 'java', 'sh', 'toml'];

/** Ordinary code and config, including values that look random but are not secrets. */
export function fillerLine(r: RandomText): string {
  const hex = (n: number) => r.chars(CS.hex.alphabet, n);
  const uuid = () => [8, 4, 4, 4, 12].map(hex).join('-');
  const lines = [
    () => `import { ${r.chars(CS.alpha.alphabet, 8)} } from './${r.chars(CS.lowerAlnum.alphabet, 6)}.js';`,
    () => `function handle${r.chars(CS.alpha.alphabet, 6)}(req, res) { return res.status(${r.int(200, 504)}).json({ ok: true }); }`,
    () => `// Retry up to ${r.int(2, 9)} times before giving up on the upstream call.`,
    () => `  timeout: ${r.int(1, 300)}`,
    () => `const requestId = "${uuid()}";`,
    () => `commit = "${hex(40)}"`,
    () => `"integrity": "sha512-${r.chars(CS.b64.alphabet, 86)}==",`,
    () => `<img src="data:image/png;base64,${r.chars(CS.b64.alphabet, 120)}">`,
    () => `token_url = "https://auth.internal.test/oauth/token"`,
    () => `password: \${{ secrets.DB_PASSWORD }}`,
    () => `api_key = os.environ["API_KEY"]`,
    () => `secret_hash = "${hex(64)}"`,
    () => `  color: "#${hex(6)}"`,
    () => `for (let i = 0; i < items.length; i++) total += items[i].price * ${r.int(1, 9)};`,
    () => `SELECT id, name FROM users WHERE id = ${r.int(1, 99999)};`,
    () => `etag: W/"${hex(32)}"`,
    () => `const checksum = "${hex(40)}";`,
    () => `TOKEN_TTL_SECONDS=${r.int(60, 86400)}`,
    () => `log.info("user %s signed in", user.name)`,
    () => `docs: https://docs.internal.test/guides/${r.chars(CS.lowerAlnum.alphabet, 10)}`,
  ];
  return r.pick(lines)();
}

function filler(r: RandomText, count: number): string[] {
  return Array.from({ length: count }, () => fillerLine(r));
}

export function generateCorpus(seed = 7, filesPerRule = 2, decoyFiles = 200): CorpusFile[] {
  const r = new RandomText(seed);
  const files: CorpusFile[] = [];
  for (const rule of DEFAULT_RULES) {
    for (let n = 0; n < filesPerRule; n++) {
      const lines = [...filler(r, r.int(3, 30)), rule.sample(r), ...filler(r, r.int(3, 30))];
      files.push({ path: `pos/${rule.id}-${n}.${r.pick(EXTENSIONS)}`, text: `${lines.join('\n')}\n`, expectedRule: rule.id });
    }
  }
  const decoys = DEFAULT_RULES.flatMap((rule) => rule.nearMisses(r).filter((m) => m.silent).map((m) => m.text));
  for (let n = 0; n < decoyFiles; n++) {
    const lines: string[] = [];
    for (let k = 0; k < 20; k++) lines.push(k % 2 === 0 ? r.pick(decoys) : fillerLine(r));
    files.push({ path: `neg/decoy-${n}.${r.pick(EXTENSIONS)}`, text: `${lines.join('\n')}\n` });
  }
  return files;
}
