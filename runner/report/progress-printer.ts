import type { BuildProgress } from '../build-outcome.js';
import { formatProgressLine } from './format-progress.js';

export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

/**
 * The live view. On a terminal one line is redrawn in place; elsewhere (CI logs, pipes) a line is
 * printed per step, leaving out the agent's chatter.
 */
export function createProgressPrinter(sink: ProgressSink): { update(p: BuildProgress): void; done(): void } {
  let drawn = false;
  let lastKey = '';
  return {
    update(p) {
      const line = formatProgressLine(p);
      if (sink.isTTY) {
        // A pseudo-terminal may report 0 columns: assume a usual width then.
        const width = Math.max(20, (sink.columns || 100) - 1);
        sink.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
        drawn = true;
        return;
      }
      // In logs, an agent's activity lines are summarised by the act phase's first line.
      const key = p.phase === 'act' ? `act:${p.iteration}` : `${p.phase}:${p.iteration}:${p.message}`;
      if (key === lastKey) return;
      lastKey = key;
      sink.write(`${line}\n`);
    },
    done() {
      if (drawn) sink.write('\n');
      drawn = false;
    },
  };
}
