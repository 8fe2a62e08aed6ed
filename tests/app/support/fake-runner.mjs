// A scripted stand-in for `loki run-job`, used by the App's dispatch tests: it records what it was
// given (job, environment names, token file) and acts by the issue title: "[sleep]" (or the verify
// head aaaa…) runs until killed, "[crash]" exits 3 without reporting, anything else completes its
// check run as success. With `--hold-ms N` a build takes that long first, and with `--open-pull` it opens
// its pull request (loki/issue-N, "Closes #N") as the real runner does.
import { copyFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const jobFile = arg('--job');
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const tokenFile = process.env.LOKI_GITHUB_TOKEN_FILE;
const record = {
  job,
  envNames: Object.keys(process.env).sort(),
  token: tokenFile ? readFileSync(tokenFile, 'utf8') : null,
  tokenFileMode: tokenFile ? (statSync(tokenFile).mode & 0o777).toString(8) : null,
  pid: process.pid,
  startedAt: Date.now(),
};
// Written beside and renamed, so a test polling the folder never reads half a record.
const recordPath = join(process.argv[process.argv.indexOf('--log-dir') + 1], `${job.job_id}.${Date.now()}.json`);
writeFileSync(`${recordPath}.part`, JSON.stringify(record));
renameSync(`${recordPath}.part`, recordPath);

const title = job.spec?.title ?? '';
if (title.includes('[sleep]') || job.head_sha === 'a'.repeat(40)) {
  process.on('SIGTERM', () => process.exit(143));
  setInterval(() => undefined, 1000);
} else if (title.includes('[crash]')) {
  console.error('fake runner: something broke');
  process.exit(3);
} else if (tokenFile && job.check_run_id) {
  const api = `${job.repo.api_url}/repos/${job.repo.owner}/${job.repo.name}`;
  const send = (method, path, body) => fetch(`${api}${path}`, { method, headers: { authorization: `token ${record.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (arg('--hold-ms')) await new Promise((resolve) => setTimeout(resolve, Number(arg('--hold-ms'))));
  if (process.argv.includes('--open-pull') && job.kind === 'build') {
    const pull = await send('POST', '/pulls', { title: `Loki: ${title}`, head: `loki/issue-${job.issue_number}`, base: job.base_ref, body: `Closes #${job.issue_number}` });
    if (!pull.ok) process.exit(3);
  }
  const response = await send('PATCH', `/check-runs/${job.check_run_id}`, { status: 'completed', conclusion: 'success', output: { title: 'done', summary: 'fake runner' } });
  process.exit(response.ok ? 0 : 3);
} else {
  // A tokenless (fork) verify job: PR 22 writes the fixture evidence, others leave none.
  if (job.pr_number === 22 && arg('--evidence')) {
    mkdirSync(arg('--out'), { recursive: true });
    copyFileSync(arg('--evidence'), join(arg('--out'), 'evidence.json'));
    process.exit(JSON.parse(readFileSync(arg('--evidence'), 'utf8')).exit_code);
  }
  process.exit(0);
}
