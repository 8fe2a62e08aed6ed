import { describe, expect, it } from 'vitest';
import { parseCargoTestOutput } from '../../../gates/testing/parse-cargo-test-output.js';
import { parseGoTestJson } from '../../../gates/testing/parse-go-test-json.js';
import { parseJestJson } from '../../../gates/testing/parse-jest-json.js';
import { parseJunitXml } from '../../../gates/testing/parse-junit-xml.js';
import { parseNodeTestEvents } from '../../../gates/testing/parse-node-test-events.js';

// Reports below were captured from the real tools (vitest 4.1, pytest 9, surefire 3.2.5 with
// JUnit 5, cargo 1.95) except jest and go, which are not installed here: those follow the
// documented formats (jest --json, `go test -json` / test2json).

const VITEST = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="4" failures="1" errors="0" time="0.03">
    <testsuite name="test/a.test.js" timestamp="2026-11-25T19:39:53.900Z" hostname="vm" tests="4" failures="1" errors="0" skipped="1" time="0.03">
        <testcase classname="test/a.test.js" name="math &gt; adds" time="0.017">
        </testcase>
        <testcase classname="test/a.test.js" name="math &gt; fails" time="0.011">
            <failure message="expected 2 to be 3 // Object.is equality" type="AssertionError">
AssertionError: expected 2 to be 3 // Object.is equality
 ❯ test/a.test.js:2:95
            </failure>
        </testcase>
        <testcase classname="test/a.test.js" name="math &gt; later" time="0">
            <skipped/>
        </testcase>
        <testcase classname="test/a.test.js" name="top" time="0.0004">
        </testcase>
    </testsuite>
</testsuites>`;

const PYTEST = `<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="3" time="0.063"><testcase classname="tests.test_a" name="test_adds" file="tests/test_a.py" line="0" time="0.001" /><testcase classname="tests.test_a.TestX" name="test_fail" file="tests/test_a.py" line="4" time="0.001"><failure message="assert 1 == 2">self = &lt;test_a.TestX object at 0x7f36844c3dd0&gt;

    def test_fail(self):
&gt;       assert 1==2
E       assert 1 == 2</failure></testcase><testcase classname="tests.test_a" name="test_skip" file="tests/test_a.py" line="8" time="0.000"><skipped type="pytest.skip" message="x">/tmp/py1/tests/test_a.py:9: x</skipped></testcase></testsuite></testsuites>`;

const SUREFIRE = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.0" name="demo.CalcTest" time="0.243" tests="2" errors="0" skipped="0" failures="1">
  <properties>
  </properties>
  <testcase name="adds" classname="demo.CalcTest" time="0.13"/>
  <testcase name="wrong" classname="demo.CalcTest" time="0.017">
    <failure message="expected: &lt;4&gt; but was: &lt;3&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <4> but was: <3>
	at demo.CalcTest.wrong(CalcTest.java:1)
]]></failure>
  </testcase>
</testsuite>`;

const CARGO = `   Compiling demo v0.1.0 (/tmp/rs1)
    Finished \`test\` profile [unoptimized + debuginfo] target(s) in 0.94s
     Running unittests src/lib.rs (target/debug/deps/demo-0f1e2d3c4b5a6978)

running 3 tests
test tests::later ... ignored
test tests::adds ... ok
test tests::wrong ... FAILED

failures:

---- tests::wrong stdout ----

thread 'tests::wrong' (1020) panicked at src/lib.rs:8:18:
assertion \`left == right\` failed
  left: 3
 right: 4
note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace


failures:
    tests::wrong

test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.32s

error: test failed, to rerun pass \`--lib\`
     Running tests/it.rs (target/debug/deps/it-a69063779ff8c574)

running 1 test
test integration ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests demo

running 1 test
test src/lib.rs - add (line 3) ... ok
`;

describe('parseJunitXml', () => {
  it('reads vitest: the file from classname, the suite path from the name', () => {
    expect(parseJunitXml(VITEST, '/repo')).toEqual([
      { id: 'test/a.test.js > math > adds', file: 'test/a.test.js', status: 'passed' },
      // The assertion's values and the failing line come from the failure's text.
      { id: 'test/a.test.js > math > fails', file: 'test/a.test.js', status: 'failed', message: 'expected 2 to be 3 // Object.is equality', expected: '3', actual: '2', line: 2 },
      { id: 'test/a.test.js > math > later', file: 'test/a.test.js', status: 'skipped' },
      { id: 'test/a.test.js > top', file: 'test/a.test.js', status: 'passed' },
    ]);
  });

  it('reads pytest xunit1: the file attribute, the class without the module path', () => {
    expect(parseJunitXml(PYTEST, '/repo')).toEqual([
      { id: 'tests/test_a.py > test_adds', file: 'tests/test_a.py', status: 'passed' },
      { id: 'tests/test_a.py > TestX > test_fail', file: 'tests/test_a.py', status: 'failed', message: 'assert 1 == 2', expected: '2', actual: '1' },
      { id: 'tests/test_a.py > test_skip', file: 'tests/test_a.py', status: 'skipped' },
    ]);
  });

  it('reads surefire: class and method, CDATA bodies', () => {
    expect(parseJunitXml(SUREFIRE, '/repo')).toEqual([
      { id: 'demo.CalcTest > adds', status: 'passed' },
      { id: 'demo.CalcTest > wrong', status: 'failed', message: 'expected: <4> but was: <3>', expected: '4', actual: '3' },
    ]);
  });

  it('makes absolute file paths relative to the root and takes a message from the body', () => {
    const xml = `<testsuite><testcase classname="suite one" name="works" file="/work/repo/test/x.spec.js"><error>TypeError: boom\n  at x</error></testcase></testsuite>`;
    expect(parseJunitXml(xml, '/work/repo')).toEqual([{ id: 'test/x.spec.js > suite one > works', file: 'test/x.spec.js', status: 'failed', message: 'TypeError: boom' }]);
  });

  it('reads an empty report as no cases, and a report that is not XML as unreadable (never as "no tests")', () => {
    expect(parseJunitXml('', '/r')).toEqual([]);
    expect(parseJunitXml('not xml at all <testsuite>', '/r')).toBeUndefined();
  });

  it('reads CDATA, comments, entities and nested suites as XML does, not by the look of the text', () => {
    const xml = `<?xml version="1.0"?>
<testsuites><!-- <testcase name="in a comment"/> -->
  <testsuite name="outer"><testsuite name="inner">
    <testcase classname="a.b" name="x &amp; y &#x263A;"><failure message="expected &lt;1&gt;"><![CDATA[<testcase name="in cdata"/>]]></failure></testcase>
    <testcase classname="a.b" name="skipped one"><skipped/></testcase>
  </testsuite></testsuite>
</testsuites>`;
    expect(parseJunitXml(xml, '/r')).toEqual([
      { id: 'a.b > x & y ☺', status: 'failed', message: 'expected <1>' },
      { id: 'a.b > skipped one', status: 'skipped' },
    ]);
  });

  it('reads a 100 KB report of unclosed tags at once (the regex reader took 47 s)', () => {
    // A test run writes this file; the project's code can write anything into it.
    expect(parseJunitXml(`<testsuite>${'<t a'.repeat(25_000)}`, '/r')).toBeUndefined();
    const many = `<testsuite>${'<testcase name="t" classname="c"/>'.repeat(3_000)}</testsuite>`;
    expect(parseJunitXml(many, '/r')).toHaveLength(3_000);
  });
});

describe('parseJestJson', () => {
  const report = {
    numTotalTests: 3,
    testResults: [
      {
        name: '/repo/src/sum.test.js',
        status: 'failed',
        message: '',
        assertionResults: [
          { ancestorTitles: ['sum'], title: 'adds', fullName: 'sum adds', status: 'passed', failureMessages: [] },
          { ancestorTitles: ['sum'], title: 'carries', fullName: 'sum carries', status: 'failed', failureMessages: ['\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n    at Object.<anonymous>'] },
          { ancestorTitles: [], title: 'later', fullName: 'later', status: 'pending', failureMessages: [] },
        ],
      },
      { name: '/repo/src/broken.test.js', status: 'failed', message: '  ● Test suite failed to run\n\n    SyntaxError: Unexpected token', assertionResults: [] },
    ],
  };

  it('reads cases, failure messages without colour codes, and suites that failed to run', () => {
    expect(parseJestJson(JSON.stringify(report), '/repo')).toEqual([
      { id: 'src/sum.test.js > sum > adds', file: 'src/sum.test.js', status: 'passed' },
      { id: 'src/sum.test.js > sum > carries', file: 'src/sum.test.js', status: 'failed', message: 'Error: expect(received).toBe(expected)' },
      { id: 'src/sum.test.js > later', file: 'src/sum.test.js', status: 'skipped' },
      { id: 'src/broken.test.js > (file failed to run)', file: 'src/broken.test.js', status: 'failed', message: '● Test suite failed to run' },
    ]);
  });

  it('returns undefined for an unreadable report', () => {
    expect(parseJestJson('{', '/repo')).toBeUndefined();
    expect(parseJestJson('{"testResults": 3}', '/repo')).toBeUndefined();
  });
});

describe('parseGoTestJson', () => {
  const lines = [
    { Action: 'run', Package: 'example.com/m/calc', Test: 'TestAdd' },
    { Action: 'output', Package: 'example.com/m/calc', Test: 'TestAdd', Output: '=== RUN   TestAdd\n' },
    { Action: 'pass', Package: 'example.com/m/calc', Test: 'TestAdd', Elapsed: 0 },
    { Action: 'run', Package: 'example.com/m/calc', Test: 'TestTable' },
    { Action: 'run', Package: 'example.com/m/calc', Test: 'TestTable/zero' },
    { Action: 'pass', Package: 'example.com/m/calc', Test: 'TestTable/zero' },
    { Action: 'run', Package: 'example.com/m/calc', Test: 'TestTable/negative' },
    { Action: 'output', Package: 'example.com/m/calc', Test: 'TestTable/negative', Output: '    calc_test.go:20: got 1, want -1\n' },
    { Action: 'fail', Package: 'example.com/m/calc', Test: 'TestTable/negative' },
    { Action: 'fail', Package: 'example.com/m/calc', Test: 'TestTable' },
    { Action: 'skip', Package: 'example.com/m/calc', Test: 'TestSlow' },
    { Action: 'fail', Package: 'example.com/m/calc' },
    { Action: 'output', Package: 'example.com/m/broken', Output: 'broken/x.go:3:1: syntax error: non-declaration statement outside function body\n' },
    { Action: 'fail', Package: 'example.com/m/broken' },
    { Action: 'output', Package: 'example.com/m/empty', Output: '?   \texample.com/m/empty\t[no test files]\n' },
    { Action: 'skip', Package: 'example.com/m/empty' },
  ];

  it('counts leaf tests, names subtests, and turns a package build failure into a failed case', () => {
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n`;
    expect(parseGoTestJson(text)).toEqual([
      { id: 'example.com/m/calc > TestAdd', status: 'passed' },
      { id: 'example.com/m/calc > TestTable/zero', status: 'passed' },
      { id: 'example.com/m/calc > TestTable/negative', status: 'failed', message: 'calc_test.go:20: got 1, want -1' },
      { id: 'example.com/m/calc > TestSlow', status: 'skipped' },
      { id: 'example.com/m/broken > (package failed)', status: 'failed', message: 'broken/x.go:3:1: syntax error: non-declaration statement outside function body' },
    ]);
  });
});

describe('parseCargoTestOutput', () => {
  it('groups cases under their target and takes the panic message', () => {
    expect(parseCargoTestOutput(CARGO)).toEqual([
      { id: 'src/lib.rs > tests::later', file: 'src/lib.rs', status: 'skipped' },
      { id: 'src/lib.rs > tests::adds', file: 'src/lib.rs', status: 'passed' },
      { id: 'src/lib.rs > tests::wrong', file: 'src/lib.rs', status: 'failed', message: 'assertion `left == right` failed' },
      { id: 'tests/it.rs > integration', file: 'tests/it.rs', status: 'passed' },
      { id: 'doctest demo > src/lib.rs - add (line 3)', status: 'passed' },
    ]);
  });
});

describe('parseNodeTestEvents', () => {
  const ev = (type: string, name: string, nesting: number, extra: Record<string, unknown> = {}) => JSON.stringify({ type, file: '/repo/test/a.test.js', name, nesting, ...extra });

  it('builds ids from the suite path and leaves suites and grouping tests out', () => {
    const text = [
      ev('test:start', 'adds', 0),
      ev('test:pass', 'adds', 0),
      ev('test:start', 'math', 0),
      ev('test:start', 'fails', 1),
      ev('test:fail', 'fails', 1, { failureType: 'testCodeFailure', message: '1 == 2' }),
      ev('test:start', 'later', 1),
      ev('test:pass', 'later', 1, { skip: true }),
      ev('test:fail', 'math', 0, { suite: true, failureType: 'subtestsFailed', message: '1 subtest failed' }),
      ev('test:start', 'parent', 0),
      ev('test:start', 'child', 1),
      ev('test:pass', 'child', 1),
      ev('test:pass', 'parent', 0),
      ev('test:start', 'wip', 0),
      ev('test:pass', 'wip', 0, { todo: true }),
      JSON.stringify({ type: 'test:start', file: '/repo/test/b.test.js', name: '/repo/test/b.test.js', nesting: 0 }),
      JSON.stringify({ type: 'test:fail', file: '/repo/test/b.test.js', name: '/repo/test/b.test.js', nesting: 0, failureType: 'testCodeFailure', message: 'test failed' }),
      '{ torn line',
    ].join('\n');
    expect(parseNodeTestEvents(text, '/repo')).toEqual([
      { id: 'test/a.test.js > adds', file: 'test/a.test.js', status: 'passed' },
      { id: 'test/a.test.js > math > fails', file: 'test/a.test.js', status: 'failed', message: '1 == 2' },
      { id: 'test/a.test.js > math > later', file: 'test/a.test.js', status: 'skipped' },
      { id: 'test/a.test.js > parent > child', file: 'test/a.test.js', status: 'passed' },
      { id: 'test/a.test.js > wip', file: 'test/a.test.js', status: 'skipped' },
      { id: 'test/b.test.js > (file failed to run)', file: 'test/b.test.js', status: 'failed', message: 'test failed' },
    ]);
  });

  it('keeps a grouping test that fails on its own', () => {
    const text = [ev('test:start', 'parent', 0), ev('test:start', 'child', 1), ev('test:pass', 'child', 1), ev('test:fail', 'parent', 0, { failureType: 'testCodeFailure', message: 'own' })].join('\n');
    expect(parseNodeTestEvents(text, '/repo').map((c) => [c.id, c.status])).toEqual([
      ['test/a.test.js > parent > child', 'passed'],
      ['test/a.test.js > parent', 'failed'],
    ]);
  });
});
