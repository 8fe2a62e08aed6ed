import { describe, expect, it } from 'vitest';
import { checkJavaScript, checkJson, checkYaml } from '../../../gates/static/syntax-checkers.js';

describe('syntax checkers', () => {
  it('places JSON and YAML errors on a line', () => {
    expect(checkJson('{"a": 1}')).toBeUndefined();
    expect(checkJson('{"a": 1,\n"b": }')).toMatchObject({ message: expect.any(String) });
    expect(checkYaml('a: 1\n---\nb: 2\n')).toBeUndefined();
    expect(checkYaml('a: 1\nb: [1, 2\n')).toMatchObject({ line: expect.any(Number) });
  });

  it('accepts YAML with application tags and templated files it cannot judge', () => {
    expect(checkYaml('Resources:\n  B:\n    Properties:\n      Name: !Ref Name\n')).toBeUndefined();
    expect(checkYaml('metadata:\n  name: {{ .Release.Name }}\n  labels: {{- include "x" . | nindent 4 }}\n')).toBeUndefined();
    expect(checkJson('{ "replicas": {{ .Values.replicas }} }')).toBeUndefined();
  });

  it('checks JavaScript as the module type says, and tries ESM for ambiguous .js', async () => {
    const options = { cwd: process.cwd(), signal: new AbortController().signal, timeoutMs: 30_000 };
    expect(await checkJavaScript('export const a = 1;\n', 'either', options)).toBeUndefined();
    expect(await checkJavaScript('export const a = 1;\n', 'commonjs', options)).toMatchObject({ line: 1 });
    expect(await checkJavaScript('const a = 1;\nconst b = ;\n', 'module', options)).toMatchObject({ line: 2, message: expect.stringContaining('SyntaxError') });
  });
});
