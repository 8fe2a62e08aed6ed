/** A CLI command: parses its own arguments and returns the process exit code. */
export interface CliCommand {
  main(argv: string[]): Promise<number>;
}

type Loader = () => Promise<CliCommand>;

export const COMMANDS: Record<string, Loader | undefined> = {
  verify: () => import('./commands/verify.js'),
  secrets: () => import('./commands/secrets.js'),
  build: () => import('./commands/build.js'),
  'run-job': () => import('./commands/run-job.js'),
  spec: () => import('./commands/spec.js'),
  grill: () => import('./commands/grill.js'),
  plan: () => import('./commands/plan.js'),
  doctor: () => import('./commands/doctor.js'),
  app: () => import('./commands/app.js'),
  init: () => import('./commands/init.js'),
};

export const USAGE = `Usage: loki <command> [options]

Commands:
  verify     run the deterministic gates on merge-base(BASE, HEAD)..HEAD   (0 VERIFIED, 1 CONCERNS, 2 BLOCKED, 3 ERROR)
  secrets    scan the tree, paths, or the lines added since --base for secrets   (0 none, 1 found, 3 error)
  build      build a spec with a coding agent until the gates pass          (0 done, 1 cap reached, 2 refused/blocked, 3 error)
  run-job    run a dispatched build job (--job FILE)
  spec       lock a spec (spec lock) or report drift against its lock (spec status)
  grill      question a spec before building it                             (0 no blocking gaps, 1 gaps, 3 error)
  plan       estimate complexity, iterations, tokens and cost of a spec
  doctor     show what is present and missing, with the fix for each gap
  app        start the GitHub App server
  init       write .github/loki.yml, the Loki workflows and a build-request issue form into this repository

Run "loki <command> --help" for a command's options. "loki --version" prints the version.
`;
