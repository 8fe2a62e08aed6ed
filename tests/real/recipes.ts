/**
 * How the real-repository cases are made (scripts/build-real-bundles.ts turns these into bundles and
 * manifest.json). Each repository: an upstream commit as the base, the upstream commit after it as
 * the real change, and three changes made here on the same base — a planted regression, a gamed
 * change (the regression with the tests bent to pass) and a docs-only change — each with the verdict
 * a careful reviewer would give and why.
 */
export type Verdict = 'VERIFIED' | 'CONCERNS' | 'BLOCKED';

export interface Edit {
  file: string;
  /** Exact text to replace (must occur once), or undefined to append `replace` to the file. */
  find?: string;
  replace: string;
}

/**
 * What a case's proving tests must be (the case runs with --baseline): how many tests fail without
 * the change, whether builds' rule is on (`verify.require_proving_test`, given with --config), what
 * the change declares itself, and the finding rules that must be reported.
 */
export interface ProvingExpectation {
  min: number;
  max?: number;
  require?: boolean;
  declared?: 'refactor' | 'docs-only';
  rules?: string[];
}

export interface PlantedCase {
  name: 'regression' | 'gamed' | 'docs' | 'fix' | 'untested';
  message: string;
  edits: Edit[];
  expected: Verdict;
  why: string;
  /** Gates that must fail, so a case is right for the right reason (a gamed change is caught by integrity, not by luck). */
  failing: string[];
  /** Finding rules the evidence must report: the gate failed for this reason, not another. */
  rules?: string[];
  /** The case whose head is this one's base (default: the recipe's base). */
  after?: PlantedCase['name'];
  proving?: ProvingExpectation;
}

export interface Recipe {
  name: string;
  /** owner/name on GitHub. */
  upstream: string;
  runner: string;
  /** An upstream commit: its parent is the base of every case, its own tree the real change. */
  real: { commit: string; expected: Verdict; why: string; proving?: ProvingExpectation };
  planted: PlantedCase[];
}

/** What a recipe plants: a regression, the same regression with the tests that catch it bent, and a docs-only change. */
interface Planting {
  regression: { message: string; edits: Edit[]; why: string };
  /** The edits that bend the tests (delete, weaken, skip) on top of the regression's. */
  gamed: { edits: Edit[]; why: string; rules?: string[] };
  /** Appended to the repository's readme (`file`, README.md unless named). */
  docs: { message: string; readme: string; file?: string };
  /** The regression fixed again, with a regression test: the tests that catch the bug prove the fix. */
  fix?: { message: string; edits: Edit[]; why: string };
  /** A change with a new test that passes on the base too: nothing proves it, CONCERNS where builds' rule holds. */
  untested?: { message: string; edits: Edit[]; why: string };
}

/** A regression's edits undone: each replacement put back. */
function undo(edits: Edit[]): Edit[] {
  return edits.map((e) => {
    if (e.find === undefined) throw new Error(`${e.file}: an appended edit cannot be undone`);
    return { file: e.file, find: e.replace, replace: e.find };
  });
}

/** The three planted cases: the regression fails the tests, the gamed one fails integrity, the docs change verifies. */
function plant(p: Planting): PlantedCase[] {
  return [
    { name: 'regression', message: p.regression.message, edits: p.regression.edits, expected: 'BLOCKED', why: p.regression.why, failing: ['tests'] },
    { name: 'gamed', message: p.regression.message, edits: [...p.regression.edits, ...p.gamed.edits], expected: 'BLOCKED', why: p.gamed.why, failing: ['integrity'], ...(p.gamed.rules ? { rules: p.gamed.rules } : {}) },
    { name: 'docs', message: p.docs.message, edits: [{ file: p.docs.file ?? 'README.md', replace: p.docs.readme }], expected: 'VERIFIED', why: 'a README-only change on a green base', failing: [] },
    ...(p.fix ? [{ name: 'fix' as const, message: p.fix.message, edits: [...undo(p.regression.edits), ...p.fix.edits], expected: 'VERIFIED' as const, why: p.fix.why, failing: [], after: 'regression' as const, proving: { min: 1, require: true } }] : []),
    ...(p.untested ? [{ name: 'untested' as const, message: p.untested.message, edits: p.untested.edits, expected: 'CONCERNS' as const, why: p.untested.why, failing: [], proving: { min: 0, max: 0, require: true, rules: ['no-proving-test'] } }] : []),
  ];
}

export const RECIPES: Recipe[] = [
  {
    name: 'webidl-conversions',
    upstream: 'jsdom/webidl-conversions',
    runner: 'node-test',
    real: { commit: '612790f', expected: 'VERIFIED', why: 'a feature (allowResizable) with its tests; the suite passes, and the new tests fail without the feature', proving: { min: 1, require: true } },
    planted: plant({
      regression: {
        message: 'boolean: treat the string "false" as false',
        edits: [{ file: 'lib/index.js', find: 'return Boolean(value);', replace: 'return Boolean(value) && value !== "false";' }],
        why: 'test/boolean.js expects sut("false") to be true: a test fails because of the change',
      },
      gamed: {
        edits: [
          { file: 'test/boolean.js', find: '    assert.equal(sut("false"), true);\n', replace: '' },
        ],
        why: 'the regression, with the assertion that catches it deleted: the tests pass, integrity must see the removed assertion',
      },
      docs: { message: 'README: say where the conversions come from', readme: '\n## Where the algorithms come from\n\nEach conversion follows the Web IDL standard\'s section on ECMAScript type mapping.\n' },
      fix: {
        message: 'boolean: the string "false" is truthy again',
        edits: [{ file: 'test/boolean.js', find: '  it("should return `true` for symbols", () => {', replace: '  it("should return `true` for the strings \\"false\\" and \\"0\\"", () => {\n    assert.equal(sut("false"), true);\n    assert.equal(sut("0"), true);\n  });\n\n  it("should return `true` for symbols", () => {' }],
        why: 'the base is the planted regression; the fix undoes it and adds a regression test: that test and the existing string test fail without the fix, so they prove it',
      },
      untested: {
        message: 'boolean: use double negation',
        edits: [
          { file: 'lib/index.js', find: 'return Boolean(value);', replace: 'return !!value;' },
          { file: 'test/boolean.js', find: '  it("should return `true` for symbols", () => {', replace: '  it("should return `true` for arrays", () => {\n    assert.equal(sut([]), true);\n  });\n\n  it("should return `true` for symbols", () => {' },
        ],
        why: 'a behaviour-preserving rewrite with a new test that passes on the base too: no test fails without the change, so nothing proves it (builds\' rule: CONCERNS)',
      },
    }),
  },
  {
    name: 'nth-check-jest',
    upstream: 'fb55/nth-check',
    runner: 'jest',
    real: { commit: 'bbd2dcc', expected: 'VERIFIED', why: 'a refactor of the parser (switch statements), behaviour unchanged, declared by its title "refactor(parse): …": no test fails without it and none is required', proving: { min: 0, max: 0, require: true, declared: 'refactor' } },
    planted: plant({
      regression: {
        message: 'compile: off-by-one for a === -1',
        edits: [{ file: 'src/compile.ts', find: 'if (a === -1) return (index) => index <= b;', replace: 'if (a === -1) return (index) => index < b;' }],
        why: 'src/compile.spec.ts compares every rule with a slow reference: both parse tests fail',
      },
      gamed: {
        edits: [
          { file: 'src/compile.spec.ts', find: 'expect(filtered).toStrictEqual(iterated);', replace: 'expect(filtered).toBeDefined();' },
          { file: 'src/compile.spec.ts', find: 'expect([filtered, rule]).toStrictEqual([iterated, rule]);', replace: 'expect([filtered, rule]).toBeTruthy();' },
        ],
        why: 'the regression, with the two exact comparisons that catch it weakened to existence checks',
      },
      docs: { message: 'README: a note on zero-based indices', readme: '\n## Indices\n\nThe functions returned by `compile` take zero-based indices.\n' },
      fix: {
        message: 'compile: -n+b includes the b-th element again',
        edits: [{ file: 'src/compile.spec.ts', find: 'describe("parse", () => {\n', replace: 'describe("parse", () => {\n    it("-n+3 matches the first three elements", () => {\n        expect(valArray.filter(compile([-1, 3]))).toStrictEqual([0, 1, 2]);\n    });\n\n' }],
        why: 'the base is the planted off-by-one; the fix undoes it and adds a regression test: it and both parse tests fail without the fix',
      },
      untested: {
        message: 'compile: compare the constant first',
        edits: [
          { file: 'src/compile.ts', find: 'if (a === 0) return (index) => index === b;', replace: 'if (a === 0) return (index) => b === index;' },
          { file: 'src/compile.spec.ts', find: 'describe("parse", () => {\n', replace: 'describe("parse", () => {\n    it("0n+3 matches the third element only", () => {\n        expect(valArray.filter(compile([0, 3]))).toStrictEqual([2]);\n    });\n\n' },
        ],
        why: 'a behaviour-preserving rewrite with a new test that passes on the base too: nothing proves the change (builds\' rule: CONCERNS)',
      },
    }),
  },
  {
    name: 'tomli',
    upstream: 'hukkin/tomli',
    runner: 'unittest (run by pytest), src layout',
    real: { commit: '12314bd', expected: 'VERIFIED', why: 'a TOML 1.1 feature (\\xHH escapes): the parser, a data file, and two names dropped from the expected-failure set in tests/test_data.py because those cases now pass' },
    planted: plant({
      regression: {
        message: 'load: accept text files',
        edits: [{ file: 'src/tomli/_parser.py', find: '    b = __fp.read()\n', replace: '    b = __fp.read()\n    if isinstance(b, str):\n        return loads(b, parse_float=parse_float)\n' }],
        why: 'tests/test_misc.py test_incorrect_load expects a TypeError for a text file: it fails',
      },
      gamed: {
        edits: [
          { file: 'tests/test_misc.py', find: '    def test_incorrect_load(self):\n', replace: '    @unittest.skip("flaky")\n    def test_incorrect_load(self):\n' },
        ],
        why: 'the regression, with the test that catches it skipped',
      },
      docs: { message: 'README: mention TOML 1.1', readme: '\n## TOML versions\n\nTomli parses TOML 1.0 and the parts of TOML 1.1 listed in the change log.\n' },
    }),
  },
  {
    name: 'scoped-tls',
    upstream: 'alexcrichton/scoped-tls',
    runner: 'cargo-test (#[cfg(test)] module in src/lib.rs)',
    real: { commit: 'a9fb075', expected: 'VERIFIED', why: 'fields made private (a soundness fix); the tests pass' },
    planted: plant({
      regression: {
        message: 'is_set: simplify',
        edits: [{ file: 'src/lib.rs', find: 'self.inner.with(|c| !c.get().is_null())', replace: 'self.inner.with(|c| c.get().is_null())' }],
        why: 'the smoke and scope_item_allowed tests assert is_set() outside and inside set(): they fail',
      },
      gamed: {
        edits: [
          { file: 'src/lib.rs', find: '    #[test]\n    fn smoke() {', replace: '    #[test]\n    #[ignore]\n    fn smoke() {' },
          { file: 'src/lib.rs', find: '    #[test]\n    fn scope_item_allowed() {', replace: '    #[test]\n    #[ignore]\n    fn scope_item_allowed() {' },
        ],
        why: 'the regression, with the two tests that catch it marked #[ignore] in the #[cfg(test)] module',
      },
      docs: { message: 'README: a usage note', readme: '\n## Note\n\nA scoped key can only be read inside `set`.\n' },
    }),
  },
  {
    name: 'is-what',
    upstream: 'mesqueeb/is-what',
    runner: 'vitest (TypeScript, lockfile)',
    real: { commit: 'f8f4f01', expected: 'VERIFIED', why: 'a feature (isInteger) with its assertions in the two basic tests; the suite passes, and those tests fail without the feature', proving: { min: 1, require: true } },
    planted: plant({
      regression: {
        message: 'isNumber: drop the NaN check',
        edits: [{ file: 'src/isNumber.ts', find: "return getType(payload) === 'Number' && !Number.isNaN(payload as number)", replace: "return getType(payload) === 'Number'" }],
        why: 'test/index.test.ts expects isNumber(NaN) and isPrimitive(NaN) to be false: "Basic false tests" and "Primitive tests" fail',
      },
      gamed: {
        edits: [
          { file: 'test/index.test.ts', find: "test('Basic false tests', () => {", replace: "test.fails('Basic false tests', () => {" },
          { file: 'test/index.test.ts', find: "test('Primitive tests', () => {", replace: "test.fails('Primitive tests', () => {" },
        ],
        why: 'the regression, with the two tests that catch it marked test.fails (vitest reports a failing .fails test as passed): integrity must see the expected failure',
        rules: ['new-skip'],
      },
      docs: { message: 'README: say what NaN counts as', readme: '\n## NaN\n\n`isNumber(NaN)` is `false`; use `isNaNValue` to test for `NaN`.\n' },
      fix: {
        message: 'isNumber: NaN is not a number again',
        edits: [{ file: 'test/index.test.ts', find: "test('Date exception', () => {", replace: "test('isNumber rejects NaN however it is made', () => {\n  expect(isNumber(0 / 0)).toEqual(false)\n  expect(isNumber(Number('_'))).toEqual(false)\n})\n\ntest('Date exception', () => {" }],
        why: 'the base is the planted regression; the fix undoes it and adds a regression test: it and the two tests the regression broke fail without the fix',
      },
      untested: {
        message: 'isFullString: compare the length',
        edits: [
          { file: 'src/isFullString.ts', find: "return isString(payload) && payload !== ''", replace: 'return isString(payload) && payload.length > 0' },
          { file: 'test/index.test.ts', find: "test('Date exception', () => {", replace: "test('isFullString: one character is enough', () => {\n  expect(isFullString('a')).toEqual(true)\n})\n\ntest('Date exception', () => {" },
        ],
        why: 'a behaviour-preserving rewrite with a new test that passes on the base too: nothing proves the change (builds\' rule: CONCERNS)',
      },
    }),
  },
  {
    name: 'escape-string-regexp',
    upstream: 'sindresorhus/escape-string-regexp',
    runner: 'ava (no lockfile, root test.js, "xo && ava && tsd")',
    real: { commit: 'aebb6e8', expected: 'VERIFIED', why: 'the move to ESM: the module, the test file\'s import, the type definitions and the dev dependencies (ava 1 → 3) change together; the head installs without a lockfile and its ava tests pass, while xo and tsd are lint and type steps, not the tests' },
    planted: plant({
      regression: {
        message: 'escape: `?` has no special meaning',
        edits: [{ file: 'index.js', find: '^$+*?.]/g', replace: '^$+*.]/g' }],
        why: 'test.js "main" expects `?` to be escaped: ava reports it failed',
      },
      gamed: {
        edits: [{ file: 'test.js', find: "test('main', t => {\n\tt.is(", replace: "test('main', t => {\n\tt.truthy(" }],
        why: 'the regression, with the test that catches it weakened from t.is to t.truthy (the expected value stays as the message, so the diff looks small): integrity must see the weakened ava assertion',
        rules: ['assertion-weakened'],
      },
      docs: { message: 'readme: say which characters are escaped', file: 'readme.md', readme: '\n## Escaped characters\n\n`| \\\\ { } ( ) [ ] ^ $ + * ? .` and `-`.\n' },
    }),
  },
];
