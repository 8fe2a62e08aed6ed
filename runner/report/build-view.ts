import type { Evidence, GateStatus } from '../../gates/evidence/schema.js';
import type { BuildProgress } from '../build-outcome.js';
import { formatDuration, formatGates, formatProgressLine, gateSymbol } from './format-progress.js';

export interface ViewSink {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface BuildView {
  update(p: BuildProgress): void;
  /** A line that stays above the live block (a warning). */
  note(text: string): void;
  done(): void;
}

interface IterationRow {
  iteration: number;
  verdict?: Evidence['verdict'];
  gates: { id: string; status: GateStatus }[];
  costUsd: number;
  elapsedMs: number;
}

/** How often the clock on a terminal moves while nothing else happens (an agent at work). */
export const CLOCK_TICK_MS = 1_000;

/**
 * The build's live view.
 * - On a terminal: a block redrawn in place — a header whose clock keeps moving while the agent
 *   works, one history line per finished iteration (verdict, gates, spend, time), the current
 *   iteration's gate table, and the latest activity.
 * - Elsewhere (CI logs, pipes): one plain line per step, without the agent's chatter.
 */
export function createBuildView(sink: ViewSink, clock: { now: () => number } = Date): BuildView {
  return sink.isTTY ? new TerminalView(sink, clock) : plainView(sink);
}

function plainView(sink: ViewSink): BuildView {
  let lastKey = '';
  return {
    update(p) {
      // In logs, an agent's activity lines are summarised by the act phase's first line.
      const key = p.phase === 'act' ? `act:${p.iteration}` : `${p.phase}:${p.iteration}:${p.message}`;
      if (key === lastKey) return;
      lastKey = key;
      sink.write(`${formatProgressLine(p)}\n`);
    },
    note(text) {
      sink.write(`${text}\n`);
    },
    done() {},
  };
}

class TerminalView implements BuildView {
  private latest: BuildProgress | undefined;
  private receivedAt = 0;
  private readonly history = new Map<number, IterationRow>();
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sink: ViewSink, private readonly clock: { now: () => number }) {}

  update(p: BuildProgress): void {
    this.latest = p;
    this.receivedAt = this.clock.now();
    if (p.verdict && p.iteration > 0) this.history.set(p.iteration, { iteration: p.iteration, verdict: p.verdict, gates: p.gates ?? [], costUsd: p.costUsd, elapsedMs: p.elapsedMs });
    if (!this.timer) {
      this.timer = setInterval(() => this.redraw(), CLOCK_TICK_MS);
      this.timer.unref();
    }
    this.redraw();
  }

  note(text: string): void {
    this.erase();
    this.sink.write(`${text}\n`);
    this.drawn = 0;
    this.redraw();
  }

  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.redraw();
  }

  private redraw(): void {
    const p = this.latest;
    if (!p) return;
    const width = Math.max(20, (this.sink.columns || 100) - 1);
    const fit = (line: string) => (line.length > width ? `${line.slice(0, width - 1)}…` : line);
    this.erase();
    const lines = this.lines(p).map(fit);
    this.sink.write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
    this.drawn = lines.length;
  }

  private lines(p: BuildProgress): string[] {
    const elapsed = p.elapsedMs + (this.timer ? this.clock.now() - this.receivedAt : 0);
    const lines = [`loki build · iteration ${p.iteration}/${p.maxIterations} · ${p.phase} · $${p.costUsd.toFixed(2)} of $${p.budgetUsd.toFixed(2)} · ${formatDuration(elapsed)}`];
    for (const row of [...this.history.values()].sort((a, b) => a.iteration - b.iteration)) {
      if (row.iteration === p.iteration && !p.verdict) continue;
      lines.push(`  #${String(row.iteration).padEnd(3)} ${(row.verdict ?? '').padEnd(9)} ${formatGates(row.gates)}  $${row.costUsd.toFixed(2)}  ${formatDuration(row.elapsedMs)}`);
    }
    const current = (p.gates ?? []).filter((g) => g.status !== 'skipped');
    if (!p.verdict && current.length > 0) {
      for (const gate of current) lines.push(`    ${gateSymbol(gate.status)} ${gate.id.padEnd(10)} ${gate.status}`);
    }
    lines.push(`  ${p.message.split('\n')[0] ?? ''}`);
    return lines;
  }

  private erase(): void {
    if (this.drawn > 0) this.sink.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }
}
