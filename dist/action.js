import { createRequire as __lokiCreateRequire } from 'node:module'; const require = __lokiCreateRequire(import.meta.url);

// action/main.ts
process.stdout.write("loki action: not implemented yet\n");
