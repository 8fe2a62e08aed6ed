import type { DetectedStack, InstallPlan, TestPlan, ToolCommand } from './toolchain.js';

/** What one stack's detector found; detectToolchain merges these in priority order. */
export interface StackDetection {
  stack: DetectedStack;
  lockfile?: string;
  install?: InstallPlan;
  build?: ToolCommand;
  buildReason: string;
  test?: TestPlan;
  testReason: string;
}
