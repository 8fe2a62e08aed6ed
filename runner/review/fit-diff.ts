/** Characters of diff a reviewer is shown at most (about 40k tokens). */
export const REVIEW_DIFF_LIMIT = 150_000;

export interface DiffCut {
  limit: number;
  totalChars: number;
  shownChars: number;
  /** Files the reviewers do not see whole (left out, or cut inside). */
  unseen: string[];
}

export interface FittedDiff {
  text: string;
  cut?: DiffCut;
}

/**
 * A diff that fits the reviewers' budget: whole files, in diff order, while they fit; a file that
 * would cross the limit is cut there when nothing else is shown yet, else left out. Everything not
 * shown whole is named, so the reviewers and the gate's reason can say what was not reviewed.
 */
export function fitDiff(diff: string, limit = REVIEW_DIFF_LIMIT): FittedDiff {
  if (diff.length <= limit) return { text: diff };
  const files = splitFiles(diff);
  const shown: string[] = [];
  const unseen: string[] = [];
  let used = 0;
  for (const file of files) {
    if (unseen.length === 0 && used + file.text.length <= limit) {
      shown.push(file.text);
      used += file.text.length;
      continue;
    }
    if (shown.length === 0) {
      shown.push(file.text.slice(0, limit));
      used = limit;
    }
    unseen.push(file.path);
  }
  const text = shown.join('');
  return { text, cut: { limit, totalChars: diff.length, shownChars: text.length, unseen } };
}

/** What the reviewers are told before the diff when it was cut. */
export function describeCut(cut: DiffCut): string {
  return `the diff is incomplete: it was cut at ${cut.limit.toLocaleString('en-US')} characters (${cut.shownChars.toLocaleString('en-US')} of ${cut.totalChars.toLocaleString('en-US')} shown); not shown, or only in part: ${listed(cut.unseen)}`;
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 20).join(', ');
  return paths.length > 20 ? `${shown} and ${paths.length - 20} more files` : shown;
}

function splitFiles(diff: string): Array<{ path: string; text: string }> {
  // In git's output a line that starts with "diff --git " is always a file header (content lines start with " ", "+" or "-").
  const starts = [0];
  for (let at = diff.indexOf('\ndiff --git '); at >= 0; at = diff.indexOf('\ndiff --git ', at + 1)) starts.push(at + 1);
  return starts.map((start, i) => {
    const text = diff.slice(start, starts[i + 1] ?? diff.length);
    return { path: pathOf(text), text };
  });
}

/** `diff --git a/x b/x` → x (the new side); quoted or odd headers fall back to the whole header. */
function pathOf(fileDiff: string): string {
  const header = fileDiff.slice(0, fileDiff.indexOf('\n') < 0 ? undefined : fileDiff.indexOf('\n'));
  const plus = /\n\+\+\+ b\/(.+)\n/.exec(fileDiff.slice(0, 2000));
  if (plus?.[1]) return plus[1];
  const split = header.lastIndexOf(' b/');
  return split > 0 ? header.slice(split + 3) : header.replace(/^diff --git /, '');
}
