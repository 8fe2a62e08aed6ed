// A scripted stand-in for `loki run-job`, used by the App's dispatch tests: it records what it was
// given (job, environment names, token file) and acts by the issue title: "[sleep]" (or the verify
// head aaaa…) runs until killed, "[crash]" exits 3 without reporting, anything else completes its
// check run as success.
import { copyFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const jobFile = process.argv[process.argv.indexOf('--job') + 1];
const job = JSON.parse(readFileSync(jobFile, 'utf8'));
const tokenFile = process.env.LOKI_GITHUB_TOKEN_FILE;
const record = {
  job,
  envNames: Object.keys(process.env).sort(),
  token: tokenFile ? readFileSync(tokenFile, 'utf8') : null,
  tokenFileMode: tokenFile ? (statSync(tokenFile).mode & 0o777).toString(8) : null,
  pid: process.pid,
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
  const url = `${job.repo.api_url}/repos/${job.repo.owner}/${job.repo.name}/check-runs/${job.check_run_id}`;
  const response = await fetch(url, {
    method: 'PATCH',
    headers: { authorization: `token ${record.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'completed', conclusion: 'success', output: { title: 'done', summary: 'fake runner' } }),
  });
  process.exit(response.ok ? 0 : 3);
} else {
  // A tokenless (fork) verify job: PR 22 writes the fixture evidence, others leave none.
  const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  if (job.pr_number === 22 && arg('--evidence')) {
    mkdirSync(arg('--out'), { recursive: true });
    copyFileSync(arg('--evidence'), join(arg('--out'), 'evidence.json'));
    process.exit(JSON.parse(readFileSync(arg('--evidence'), 'utf8')).exit_code);
  }
  process.exit(0);
}
