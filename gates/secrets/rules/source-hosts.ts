import { CS, named, token, type RuleDefinition } from './define-rule.js';

/** Source hosting: GitHub, GitLab, Bitbucket/Atlassian, Hugging Face and friends. */
export const SOURCE_HOST_RULES: RuleDefinition[] = [
  token('github-pat', 'GitHub personal access token (classic)', ['ghp_', [CS.alnum, 36]]),
  token('github-oauth', 'GitHub OAuth access token', ['gho_', [CS.alnum, 36]]),
  token('github-user-to-server-token', 'GitHub user-to-server token', ['ghu_', [CS.alnum, 36]]),
  token('github-app-token', 'GitHub App installation token', ['ghs_', [CS.alnum, 36]]),
  token('github-refresh-token', 'GitHub refresh token', ['ghr_', [CS.alnum, 36, 76]]),
  token('github-fine-grained-pat', 'GitHub fine-grained personal access token', ['github_pat_', [CS.alnum, 22], '_', [CS.alnum, 59]]),
  token('gitlab-pat', 'GitLab personal access token', ['glpat-', [CS.b64url, 20, 60]]),
  token('gitlab-deploy-token', 'GitLab deploy token', ['gldt-', [CS.b64url, 20]]),
  token('gitlab-runner-token', 'GitLab runner authentication token', ['glrt-', [CS.b64url, 20, 60]]),
  token('gitlab-runner-registration-token', 'GitLab runner registration token', ['GR1348941', [CS.b64url, 20]]),
  token('gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', ['glptt-', [CS.hex, 40]]),
  token('gitlab-feed-token', 'GitLab feed token', ['glft-', [CS.b64url, 20]]),
  token('gitlab-oauth-app-secret', 'GitLab OAuth application secret', ['gloas-', [CS.hex, 64]]),
  token('gitlab-incoming-mail-token', 'GitLab incoming mail token', ['glimt-', [CS.lowerAlnum, 25]]),
  token('gitlab-kubernetes-agent-token', 'GitLab Kubernetes agent token', ['glagent-', [CS.b64url, 50]]),
  token('gitlab-feature-flag-client-token', 'GitLab feature flag client token', ['glffct-', [CS.b64url, 20]]),
  token('gitlab-scim-token', 'GitLab SCIM token', ['glsoat-', [CS.b64url, 20]]),
  token('gitlab-ci-job-token', 'GitLab CI/CD job token', ['glcbt-', [CS.hexAny, 1, 5], '_', [CS.b64url, 20]]),
  token('atlassian-api-token', 'Atlassian API token', ['ATATT3', [{ cls: 'A-Za-z0-9_\\-=', alphabet: CS.b64url.alphabet }, 186]]),
  // Organization (admin) API keys: a fixed head, a base64 body, then `=` and an 8-character checksum.
  token('atlassian-admin-api-key', 'Atlassian organization API key', ['ATCTT3xFfG', [{ cls: 'A-Za-z0-9+/=_\\-', alphabet: CS.b64url.alphabet }, 20, 300], '=', [CS.alnum, 8]]),
  token('bitbucket-app-password', 'Bitbucket app password', ['ATBB', [CS.alnum, 32]]),
  named('bitbucket-client-secret', 'Bitbucket OAuth client secret', ['bitbucket'], [[CS.b64url, 64]]),
  named('gitea-token', 'Gitea / Forgejo access token', ['gitea', 'forgejo'], [[CS.hex, 40]]),
  token('sourcegraph-access-token', 'Sourcegraph access token', ['sgp_', [CS.hex, 16], '_', [CS.hex, 40]]),
  token('huggingface-access-token', 'Hugging Face access token', ['hf_', [CS.alpha, 34]]),
  token('huggingface-org-api-token', 'Hugging Face organization token', ['api_org_', [CS.alpha, 34]]),
];
