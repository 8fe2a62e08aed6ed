import { ROLE_VAR, type AgentRequest, type Provider } from './provider.js';

/** The prompt's first line, which names the role the way the environment does. */
export function roleLine(role: AgentRequest['role']): string {
  return `${ROLE_VAR}=${role}`;
}

/** The request as the agent sees it: the role in its environment and on the prompt's first line. */
export function stateRole(request: AgentRequest): AgentRequest {
  return { ...request, prompt: `${roleLine(request.role)}\n${request.prompt}`, env: { ...request.env, [ROLE_VAR]: request.role } };
}

/** Wraps an adapter so no call to it can leave the role out. */
export function withRoles(provider: Provider): Provider {
  return { name: provider.name, run: (request) => provider.run(stateRole(request)) };
}
