import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** An advisory as npm's bulk advisory endpoint returns it. */
export interface BulkAdvisory {
  id: number;
  url: string;
  title: string;
  severity: 'info' | 'low' | 'moderate' | 'high' | 'critical';
  vulnerable_versions: string;
  cwe: string[];
  cvss: { score: number; vectorString: string | null };
}

export interface AdvisoryRegistry {
  url: string;
  /** Package names npm asked about, per request. */
  requests: string[][];
  close(): Promise<void>;
}

/**
 * A local stand-in for the npm registry's audit endpoint (POST /-/npm/v1/security/advisories/bulk),
 * so tests run the real `npm audit` without the network. Packuments answer 404, which npm tolerates.
 */
export async function startAdvisoryRegistry(advisories: Record<string, BulkAdvisory[]>): Promise<AdvisoryRegistry> {
  const requests: string[][] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.includes('/-/npm/v1/security/advisories/bulk')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')) as Record<string, string[]>;
      requests.push(Object.keys(body));
      const answer = Object.fromEntries(Object.keys(body).filter((name) => advisories[name]).map((name) => [name, advisories[name]]));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Advisory data modelled on public GitHub advisories for old lodash and minimist releases. */
export const ADVISORIES: Record<string, BulkAdvisory[]> = {
  lodash: [
    { id: 1106913, url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm', title: 'Command Injection in lodash', severity: 'high', vulnerable_versions: '<4.17.21', cwe: ['CWE-77', 'CWE-94'], cvss: { score: 7.2, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' } },
    { id: 1106914, url: 'https://github.com/advisories/GHSA-29mw-wpgm-hmr9', title: 'Regular Expression Denial of Service (ReDoS) in lodash', severity: 'moderate', vulnerable_versions: '<4.17.21', cwe: ['CWE-400', 'CWE-1333'], cvss: { score: 5.3, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' } },
  ],
  minimist: [
    { id: 1097678, url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h', title: 'Prototype Pollution in minimist', severity: 'critical', vulnerable_versions: '<1.2.6', cwe: ['CWE-1321'], cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } },
  ],
};

/** A package-lock.json (v3) that installs the given name → version pairs at the top level. */
export function lockfile(deps: Record<string, string>): string {
  const packages: Record<string, unknown> = { '': { name: 'demo', version: '1.0.0', dependencies: Object.fromEntries(Object.keys(deps).map((n) => [n, `^${deps[n]}`])) } };
  for (const [name, version] of Object.entries(deps)) {
    packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, integrity: `sha512-${Buffer.from(`${name}@${version}`).toString('base64')}`, license: 'MIT' };
  }
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

export function packageJson(deps: Record<string, string>): string {
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', private: true, dependencies: Object.fromEntries(Object.entries(deps).map(([n, v]) => [n, `^${v}`])) }, null, 2)}\n`;
}
