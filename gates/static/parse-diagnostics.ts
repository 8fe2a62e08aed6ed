import { isAbsolute, relative } from 'node:path';
import type { Diagnostic } from './diagnostic.js';

/** tsc, plain (`a.ts(3,7): error TS2322: …`) or pretty (`a.ts:3:7 - error TS2322: …`). */
const TSC_FILE = /^(.+?)(?:\((\d+),(\d+)\)|:(\d+):(\d+))\s*[:-]\s*(error|warning)\s+(TS\d+):\s*(.*)$/;
const TSC_GLOBAL = /^(error|warning)\s+(TS\d+):\s*(.*)$/;

export function parseTscOutput(text: string, root: string, tool = 'tsc'): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of text.split('\n')) {
    const line = stripAnsi(raw).trimEnd();
    const m = TSC_FILE.exec(line);
    if (m) {
      out.push({
        tool,
        file: toRelative(m[1]!, root),
        line: Number(m[2] ?? m[4]),
        column: Number(m[3] ?? m[5]),
        code: m[7]!,
        message: `${m[7]}: ${m[8]}`,
        kind: m[6] === 'warning' ? 'warning' : 'type',
      });
      continue;
    }
    const g = TSC_GLOBAL.exec(line);
    if (g) out.push({ tool, code: g[2]!, message: `${g[2]}: ${g[3]}`, kind: g[1] === 'warning' ? 'warning' : 'type' });
  }
  return out;
}

/**
 * `path:line[:col]: [severity[code]:] message` — flake8, ruff (concise), go vet, clippy (short),
 * and most linters a config command may run.
 */
const LINE_DIAG = /^((?:\.{1,2}\/)?[^\s:]+):(\d+)(?::(\d+))?:\s*(?:(error|warning|note|info)(?:\[([\w:-]+)\])?:\s*)?(?:([A-Z]{1,3}\d{2,4})\s+)?(.*)$/;

const UNIX_SUFFIX = /\s*\[(Error|Warning)\/([^\]]+)\]$/;

export function parseLineDiagnostics(text: string, root: string, tool: string, defaultKind: Diagnostic['kind'] = 'lint'): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of text.split('\n')) {
    const m = LINE_DIAG.exec(stripAnsi(raw).trim());
    if (!m || m[4] === 'note' || m[4] === 'info') continue;
    // eslint's unix format ends with [Error/rule] or [Warning/rule].
    const unix = UNIX_SUFFIX.exec(m[7]!);
    const code = m[5] ?? m[6] ?? unix?.[2];
    const severity = m[4] ?? unix?.[1]?.toLowerCase();
    const text = unix ? m[7]!.slice(0, unix.index).trim() : m[7]!;
    const kind: Diagnostic['kind'] = severity === 'warning' || (code?.startsWith('W') && !severity) ? 'warning' : severity === 'error' && m[5]?.startsWith('E0') ? 'type' : defaultKind;
    out.push({
      tool,
      file: toRelative(m[1]!, root),
      line: Number(m[2]),
      ...(m[3] ? { column: Number(m[3]) } : {}),
      ...(code ? { code } : {}),
      message: code ? `${code}: ${text}` : text,
      kind,
    });
  }
  return out;
}

export function toRelative(path: string, root: string): string {
  const rel = isAbsolute(path) ? relative(root, path) : path;
  return rel.replace(/^\.\//, '').split('\\').join('/');
}

function stripAnsi(text: string): string {
  // eslint-style colour codes would break the line patterns.
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
