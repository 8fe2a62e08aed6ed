import { describe, expect, it } from 'vitest';
import { directRunnerStep } from '../../../gates/toolchain/direct-runner-step.js';

describe('directRunnerStep', () => {
  it('runs the one runner step alone when every other step is a lint, format or type check', () => {
    expect(directRunnerStep('npm', 'xo && ava && tsd')).toMatchObject({ runner: 'ava', text: 'ava', command: { display: 'npm exec --no -- ava' }, skipped: ['xo', 'tsd'] });
    expect(directRunnerStep('pnpm', 'eslint . ; npx vitest run --coverage')).toMatchObject({ runner: 'vitest', text: 'vitest run --coverage', command: { display: 'pnpm exec vitest run --coverage' }, skipped: ['eslint .'] });
    expect(directRunnerStep('npm', 'tsc --noEmit && node --test')).toMatchObject({ runner: 'node-test', text: 'node --test' });
  });

  it('leaves the script whole when a step may be needed, the output is piped, the step is not plain words, or yarn runs it', () => {
    expect(directRunnerStep('npm', 'ava')).toBeUndefined();
    expect(directRunnerStep('npm', 'tsc && ava')).toBeUndefined();
    expect(directRunnerStep('npm', 'ava && node -e 0')).toBeUndefined();
    expect(directRunnerStep('npm', 'xo && tape test/*.js | tap-spec')).toBeUndefined();
    expect(directRunnerStep('npm', 'xo && ava || true')).toBeUndefined();
    expect(directRunnerStep('npm', 'xo && NODE_ENV=test ava')).toBeUndefined();
    expect(directRunnerStep('npm', 'xo && ava "$(curl evil)"')).toBeUndefined();
    expect(directRunnerStep('npm', 'xo && ava && tape')).toBeUndefined();
    expect(directRunnerStep('yarn', 'xo && ava')).toBeUndefined();
  });
});
