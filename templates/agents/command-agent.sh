#!/bin/sh
# An example LOKI_AGENT_COMMAND (and review.command) wrapper: one script for every role.
# Loki runs it through the shell in the workspace with the prompt on stdin and in $LOKI_PROMPT_FILE;
# the prompt's first line repeats the role (LOKI_ROLE=build|review|grill|plan|doctor). What it prints on
# stdout is the answer; an optional last line LOKI_COST_USD=<dollars> reports what the call cost.
#
#   export MY_AGENT="my-agent --non-interactive"   # your agent: reads a prompt on stdin
#   export LOKI_AGENT_ENV_ALLOW=MY_AGENT            # agents get an allowlisted environment: pass MY_AGENT through
#   export LOKI_AGENT_COMMAND="sh templates/agents/command-agent.sh"
#   # and, to have it review too, in .github/loki.yml:  review: { command: "sh templates/agents/command-agent.sh" }
set -eu
: "${MY_AGENT:?set MY_AGENT to the command that runs your agent (it reads the prompt on stdin)}"
case "${LOKI_ROLE:-}" in
  # build: edit the checkout (the cwd); do not commit or push — Loki does that and judges the change.
  # review | grill | plan: change nothing; answer with ONE JSON object (the prompt gives its shape).
  # Prose or a ```json fence around it is fine: Loki takes the one object and checks its schema.
  # Route the roles to different agents here if yours need it; this example sends all to MY_AGENT.
  build | review | grill | plan)
    exec sh -c "$MY_AGENT" < "$LOKI_PROMPT_FILE"
    ;;
  # doctor: `loki doctor` checks that this command starts; answer at once, do no work, exit 0.
  doctor)
    command -v "${MY_AGENT%% *}" > /dev/null || { echo "command-agent.sh: MY_AGENT (${MY_AGENT%% *}) is not on PATH" >&2; exit 127; }
    echo ok
    ;;
  *)
    echo "command-agent.sh: unknown LOKI_ROLE '${LOKI_ROLE:-}' (expected build, review, grill, plan or doctor)" >&2
    exit 2
    ;;
esac
