import nock from 'nock';
import { afterAll, beforeAll } from 'vitest';

/** For suites that talk HTTP: only 127.0.0.1 (local stand-ins) is reachable, never the network. */
export function loopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => nock.enableNetConnect());
}
