/**
 * Lines built to make a backtracking pattern explode: an opener the integrity rules look for,
 * then a long run of what their quantifiers accept (spaces, word characters, the opener itself).
 * One family per kind of pattern; the attack tests and `npm run bench integrity` share them.
 */
export const PATHOLOGICAL_FAMILIES: Readonly<Record<string, ReadonlyArray<readonly [prefix: string, fill: string]>>> = {
  'the same operand on both sides (tautologies)': [
    ['expect(', ' '], ['expect(', 'a '], ['expect(a', ' '], ['assert.equal(', '\t'], ['assert.equal(a,', ' '], ['assert.deepStrictEqual( ', 'a '],
    ['self.assertEqual(', ' '], ['assertEquals(a, ', ' '], ['assert_eq!(', ' '], ['assert_eq!(a,', '\t'], ['    assert ', 'a'], ['assert a == ', ' '],
  ],
  'constant assertions': [['expect(true)', ' '], ['expect( ', ' '], ['assert(', ' '], ['assert.ok(', '\t'], ['assert!(', ' '], ['self.assertTrue(', ' '], ['assert not', ' ']],
  'options after a test call (skip, todo, only)': [['', 'it('], ['', 'test({'], ['test(', '{ '], ['', 'describe( '], ['it(', '{ skip '], ['test(', '{ only: ']],
  'skip and focus markers': [['', 'describe.'], ['xit', ' '], ['', '@pytest.mark.'], ['', 't.Skip'], ['', 'it.only '], ['', 'describe.skipIf '], ['fit', ' ']],
  'early exits': [['process.exit(', ' '], ['process.exit(', '\t'], ['sys.exit(', ' '], ['os._exit(', ' '], ['System.exit(', ' '], ['', 'process.exit(0'], ['process.exitCode', ' ']],
  'comment suppressions': [['', '#'], ['', '//'], ['', '/*'], ['', '<!--'], ['# ', ' '], ['// eslint', '-'], ['', '# noqa'], ['//', ' @ts-'], ['', '#[allow(']],
  'test command weakeners and narrowers': [['||', ' '], [';', ' '], ['', '--exclude'], ['passWithNoTests', ' '], ['', '|| :'], ['exclude', ' ']],
  'test case declarations': [['it.each(', ' '], ['def test', 'a'], ['async def ', ' '], ['func Test', 'a'], ['func TestA(t ', ' '], ['', '#['], ['it', '.each(']],
  'imports and test names': [['from', ' '], ['import', ' ('], ['require(', ' '], ['', "from '"], ['from ', '.'], ['import a', ', a'], ['#[test]', ' '], ['it(', "'"], ['def test_', '_']],
  'CI test commands': [['mvn', ' '], ['', ';'], ['a=', 'b '], ['', 'sudo '], ['npm test', ' -k'], ['', 'x=1 '], ['gradle', ' t'], ['', 'then '], ['npm test ', 'a/ ']],
  'assertion counts': [['assert', 'a'], ['expect', ' '], ['', 't.Fatal'], ['', '.should'], ['', 'assert!'], ['', 'expect (']],
};

/** `prefix` followed by `fill` up to `size` characters. */
export function pathologicalLine(prefix: string, fill: string, size = 100_000): string {
  return prefix + fill.repeat(Math.ceil(Math.max(0, size - prefix.length) / fill.length));
}
