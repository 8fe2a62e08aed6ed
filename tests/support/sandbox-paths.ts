import { join } from 'node:path';
import { packageRoot } from '../../gates/core/package-root.js';

/**
 * Test projects link Loki's own node_modules (typescript, eslint) and run scripts from tests/
 * (recorded audit reports, fake provider CLIs). Real checkouts have their own; here the sandbox
 * is told these read-only paths exist, as an operator would with LOKI_SANDBOX_READ_ONLY. Neither
 * holds anything secret. Fixtures that write agents elsewhere add their folder themselves.
 */
process.env.LOKI_SANDBOX_READ_ONLY = [join(packageRoot(), 'node_modules'), join(packageRoot(), 'tests'), process.env.LOKI_SANDBOX_READ_ONLY].filter(Boolean).join(':');
