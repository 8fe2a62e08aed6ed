import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../gates/config/schema.js';
import { convertGoRegex } from '../../../gates/secrets/gitleaks/convert-go-regex.js';
import { readGitleaksConfig } from '../../../gates/secrets/gitleaks/read-gitleaks-config.js';
import { loadScanSetup, scanTexts } from '../../../gates/secrets/index.js';
import { RandomText } from '../../../gates/secrets/random-text.js';
import { fakeGithubToken, TempRepo } from './temp-repo.js';

const CONFIG = String.raw`
title = "acme gitleaks config"

[extend]
useDefault = true
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-internal-token"
description = "Acme internal token"
regex = '''(?i)\b(acme_[a-z0-9]{24})\b'''
secretGroup = 1
entropy = 3.0
keywords = ["acme_"]
  [[rules.allowlists]]
  regexes = ['''acme_test''']

[[rules]]
id = "scoped-flags"
regex = '''(?i:foo)bar[0-9]{5}'''

[[rules]]
id = "no-regex"
path = '''\.pem$'''

[allowlist]
description = "global"
paths = ['''(^|/)testdata/''']
regexes = ['''(?i)^ghp_SAFE''']
stopwords = ["dummyvalue"]
`;

describe('.gitleaks.toml syntax (smol-toml)', () => {
  it('names the line of a syntax error', () => {
    expect(() => readGitleaksConfig('a = 1\nb = "open\n')).toThrow(/not valid TOML: line 2/);
    expect(() => readGitleaksConfig('[[rules]\n')).toThrow(/not valid TOML: line 1/);
  });

  it('refuses duplicate keys instead of letting the last one win (the old reader accepted them)', () => {
    const twice = '[[rules]]\nid = "mine"\nregex = \'\'\'tok_[a-z0-9]{20}\'\'\'\nregex = \'\'\'never\'\'\'\n';
    expect(() => readGitleaksConfig(twice)).toThrow(/not valid TOML: line 4: trying to redefine/);
    expect(() => readGitleaksConfig('[allowlist]\npaths = []\n[allowlist]\npaths = []\n')).toThrow(/not valid TOML/);
  });
});

describe('Go regex conversion', () => {
  it('turns leading flags into JS flags and named groups into JS syntax', () => {
    expect(convertGoRegex('(?i)(?P<key>abc)\\z')).toEqual({ ok: true, source: '(?<key>abc)$', flags: 'i' });
    expect(convertGoRegex('[[:alnum:]]{4}')).toEqual({ ok: true, source: '[A-Za-z0-9]{4}', flags: '' });
  });

  it('refuses Go-only syntax and catastrophic patterns with the reason', () => {
    expect(convertGoRegex('a(?i:b)')).toMatchObject({ ok: false, reason: expect.stringContaining('scoped flags') });
    expect(convertGoRegex('x(?i)y')).toMatchObject({ ok: false, reason: expect.stringContaining('mid-pattern') });
    expect(convertGoRegex('(a+)+$')).toMatchObject({ ok: false, reason: expect.stringContaining('catastrophically') });
  });
});

describe('.gitleaks.toml', () => {
  const repos: TempRepo[] = [];
  afterEach(() => repos.splice(0).forEach((r) => r.remove()));

  it('converts rules and allowlists and reports what it could not use', () => {
    const setup = readGitleaksConfig(CONFIG);
    expect(setup.useDefault).toBe(true);
    expect(setup.disabledRules).toEqual(['generic-api-key']);
    expect(setup.rules.map((r) => r.id)).toEqual(['acme-internal-token']);
    expect(setup.rules[0]).toMatchObject({ flags: 'i', keywords: ['acme_'], secretGroup: 1, allowlist: { regexes: ['acme_test'] }, origin: 'gitleaks' });
    expect(setup.allowPathRegexes).toEqual(['(^|/)testdata/']);
    expect(setup.allowRegexes).toEqual(['(?i)^ghp_SAFE']);
    expect(setup.warnings.join('\n')).toMatch(/scoped-flags was skipped: scoped flags/);
    expect(setup.warnings.join('\n')).toMatch(/no-regex has no regex/);
  });

  it('applies its custom rules, disabled rules and allowlists in a scan, alongside the built-in rules', async () => {
    const repo = new TempRepo();
    repos.push(repo);
    repo.write('.gitleaks.toml', CONFIG);
    const r = new RandomText(3);
    const acme = `acme_${r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 24)}`;
    const safe = `ghp_SAFE${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 32)}`;
    const generic = `client_secret = "${r.chars('abcdefghijklmnopqrstuvwxyzABCDEF0123456789', 32)}"`;
    const text = `a = "${acme}"\nb = "${safe}"\nc = "${fakeGithubToken(21)}"\n${generic}\nd = "acme_test${r.chars('abcdefghijklmnopqrstuvwxyz', 20)}"\n`;
    const setup = await loadScanSetup(repo.dir, defaultConfig().secrets);
    expect(setup.warnings.length).toBe(2);
    const result = await scanTexts([{ path: 'src/a.ts', text }, { path: 'testdata/x.ts', text }], { rules: setup.rules, settings: setup.settings });
    expect(result.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([
      ['src/a.ts', 1, 'acme-internal-token'],
      ['src/a.ts', 3, 'github-pat'],
    ]);
    expect(result.suppressed.map((f) => [f.line, f.suppressedBy])).toEqual([[2, 'allow-regex'], [5, 'rule-allowlist']]);
    expect(result.stats.skipped['allow-path']).toBe(1);
  });
});
