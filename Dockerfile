# The Loki runner image: git, Node, the `loki` CLI, a non-root user. Provider CLIs are opt-in:
#   docker build -t loki --build-arg INSTALL_CLAUDE=true .
# Runs a dispatched job:  docker run --rm --user loki -v /jobs:/jobs:ro loki run-job --job /jobs/job.json
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS package
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
# Only what the package is built from (no node_modules, .git or local state from the build context).
COPY tsconfig.json app.yml action.yml ./
COPY scripts ./scripts
COPY cli ./cli
COPY gates ./gates
COPY github ./github
COPY runner ./runner
COPY app ./app
COPY action ./action
COPY templates ./templates
COPY dist/action.js ./dist/action.js
# `npm pack` runs `prepare`, which bundles the CLI into dist/cli.
RUN npm pack --pack-destination /tmp && mv /tmp/loki-*.tgz /tmp/loki.tgz

FROM node:${NODE_VERSION}-bookworm-slim
ARG INSTALL_CLAUDE=false
ARG INSTALL_CODEX=false
ARG INSTALL_CLINE=false
ARG INSTALL_AIDER=false

# bubblewrap for LOKI_SANDBOX=bwrap (the default); the docker client for LOKI_SANDBOX=docker, which
# starts sibling containers through a mounted /var/run/docker.sock (Debian ships the client only in
# docker.io, whose engine is never started here: its daemons are removed, about 200 MB).
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates openssh-client tini bubblewrap docker.io \
 && rm -f /usr/sbin/dockerd /usr/sbin/docker-proxy /usr/sbin/runc /usr/bin/containerd /usr/bin/containerd-shim* /usr/bin/ctr \
 && rm -rf /var/lib/apt/lists/*
# A repository mounted into the container belongs to the host's uid, not to `loki`, and git would
# refuse it ("dubious ownership"). The container is one operator's tool working on what they mount.
RUN git config --system --add safe.directory '*'

COPY --from=package /tmp/loki.tgz /tmp/loki.tgz
RUN npm install -g --omit=dev --no-audit --no-fund /tmp/loki.tgz && rm /tmp/loki.tgz && npm cache clean --force

RUN if [ "$INSTALL_CLAUDE" = "true" ]; then npm install -g --no-audit --no-fund @anthropic-ai/claude-code; fi \
 && if [ "$INSTALL_CODEX" = "true" ]; then npm install -g --no-audit --no-fund @openai/codex; fi \
 && if [ "$INSTALL_CLINE" = "true" ]; then npm install -g --no-audit --no-fund cline; fi \
 && npm cache clean --force
RUN if [ "$INSTALL_AIDER" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends python3 pipx \
      && PIPX_HOME=/opt/pipx PIPX_BIN_DIR=/usr/local/bin pipx install aider-chat \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# Agents refuse to skip permission prompts as root (claude: "cannot be used with root/sudo privileges").
RUN useradd --create-home --uid 10001 --shell /bin/bash loki \
 && mkdir -p /var/lib/loki && chown loki:loki /var/lib/loki && chmod 0700 /var/lib/loki
# The App's state (job, pid and token files). A named volume mounted here starts out owned by
# `loki`, as Docker copies the folder's owner into a new volume; see compose.yaml.
ENV LOKI_STATE_DIR=/var/lib/loki
USER loki
WORKDIR /home/loki
ENV NODE_ENV=production

ENTRYPOINT ["/usr/bin/tini", "--", "loki"]
CMD ["--help"]
