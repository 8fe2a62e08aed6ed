/**
 * Issue and comment text is untrusted: it can hide instructions from the humans reading it.
 * HTML comments render as nothing on GitHub; zero-width and bidirectional control characters
 * make text read differently than it is. All of them are removed before an agent sees the text.
 */
const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
// Zero-width, word joiners, soft hyphen, BOM, invisible separators, tag characters and variation selectors.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200D\u2060-\u2064\uFEFF\u{E0000}-\u{E007F}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
// Bidirectional embeddings, overrides and isolates (Trojan Source), and the implicit marks.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// C0/C1 controls other than tab, newline and carriage return.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export interface SanitiseResult {
  text: string;
  /** What was removed, for the run's report. */
  removed: { htmlComments: number; invisible: number; bidi: number; control: number };
}

export function sanitiseUntrustedText(input: string): SanitiseResult {
  const count = (re: RegExp, text: string) => text.match(re)?.length ?? 0;
  const htmlComments = count(HTML_COMMENT, input);
  let text = input.replace(HTML_COMMENT, '');
  const invisible = count(INVISIBLE, text);
  text = text.replace(INVISIBLE, '');
  const bidi = count(BIDI, text);
  text = text.replace(BIDI, '');
  const control = count(CONTROL, text);
  text = text.replace(CONTROL, '').replace(/\r\n?/g, '\n');
  return { text, removed: { htmlComments, invisible, bidi, control } };
}
