import type { GateId } from '../gates/config/schema.js';
import type { GateRecord } from '../gates/evidence/schema.js';
import { describeTree } from '../gates/evidence/describe-tree.js';
import type { VerifyEvent } from '../gates/verify/run-verify.js';

const MARKS: Record<GateRecord['status'], string> = { pass: '✔', fail: '✖', inconclusive: '?', skipped: '–' };
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

interface Row {
  id: GateId;
  started: number;
  record?: GateRecord;
  note?: string;
}

/**
 * Progress of a verify run on stderr. On a terminal: one live line per gate, redrawn in place.
 * Elsewhere (CI logs, pipes): one plain line when a gate starts and one when it ends.
 */
export class GateStatusView {
  private readonly rows = new Map<GateId, Row>();
  private drawn = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly live = Boolean(out.isTTY)) {}

  handle = (event: VerifyEvent): void => {
    if (event.type === 'diff') {
      const { files, additions, deletions } = event.diff.stats;
      this.line(`loki verify: ${event.diff.mergeBaseSha.slice(0, 12)}..${event.diff.headSha.slice(0, 12)} (${files} files, +${additions} −${deletions})`);
      return;
    }
    if (event.type === 'tree') {
      if (event.tree.checked_out !== 'in-place') this.line(`  in ${describeTree(event.tree, event.headSha)}`);
      return;
    }
    if (event.type === 'gate-start') {
      this.rows.set(event.id, { id: event.id, started: Date.now() });
      if (!this.live) this.line(`  … ${event.id}`);
      else this.startTimer();
    } else if (event.type === 'gate-progress') {
      const row = this.rows.get(event.id);
      if (row) row.note = event.message;
    } else {
      const row = this.rows.get(event.id) ?? { id: event.id, started: Date.now() };
      row.record = event.record;
      this.rows.set(event.id, row);
      if (!this.live && event.record.status !== 'skipped') this.line(`  ${MARKS[event.record.status]} ${describe(event.record)}`);
    }
    if (this.live) this.redraw();
  };

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.redraw();
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.frame = (this.frame + 1) % FRAMES.length;
      this.redraw();
    }, 100);
    this.timer.unref();
  }

  private redraw(): void {
    const lines = [...this.rows.values()].map((row) =>
      row.record
        ? `  ${MARKS[row.record.status]} ${describe(row.record)}`
        : `  ${FRAMES[this.frame]} ${row.id.padEnd(10)} ${((Date.now() - row.started) / 1000).toFixed(1)} s${row.note ? `  ${row.note}` : ''}`,
    );
    const width = this.out.columns ?? 120;
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}F`);
    for (const line of lines) this.out.write(`\x1b[2K${line.slice(0, width - 1)}\n`);
    this.drawn = lines.length;
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}

function describe(record: GateRecord): string {
  const seconds = (record.duration_ms / 1000).toFixed(1);
  return `${record.id.padEnd(10)} ${record.status.padEnd(12)} ${seconds.padStart(5)} s  ${record.reason}`;
}
