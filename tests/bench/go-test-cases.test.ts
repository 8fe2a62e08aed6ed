import { describe, expect, it } from 'vitest';
import { readGoTestCases } from '../../bench/secrets-external/go-test-cases.js';
import { exclusionOf, familyOf, NO_RULE_FAMILY } from '../../bench/secrets-external/judge-samples.js';

const SOURCE = `
package demo

var (
	validPattern   = "tok_" + "abc123DEF456"
	invalidPattern = \`tok?abc\`
	keyword        = "demo"
)

func TestDemo_Pattern(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name:  "valid pattern",
			input: fmt.Sprintf("%s token = '%s'\\n", keyword, validPattern),
			want:  []string{validPattern},
		},
		{
			name:  "invalid pattern",
			input: fmt.Sprintf("%s = %q", keyword, invalidPattern),
			want:  nil,
		},
		{
			name:  "unsupported expression",
			input: strings.Repeat("a", 3),
			want:  []string{},
		},
	}
}
`;

describe('the Go test-case reader of the external bench', () => {
  it('evaluates literals, variables, + and Sprintf, and skips what it cannot read', () => {
    const read = readGoTestCases(SOURCE);
    expect(read.cases).toEqual([
      { name: 'valid pattern', input: "demo token = 'tok_abc123DEF456'\n", want: ['tok_abc123DEF456'] },
      { name: 'invalid pattern', input: 'demo = "tok?abc"', want: [] },
    ]);
    expect(read.unreadable).toBe(1);
  });

  it('judges a sample from the sample alone: family by vendor, exclusions by what is wanted', () => {
    expect(familyOf('github')).toBe('source hosts');
    expect(familyOf('stripe')).toBe('payments');
    expect(familyOf('uri')).toBe('keys and URLs');
    expect(familyOf('abuseipdb')).toBe(NO_RULE_FAMILY);
    const sample = (want: string[]) => ({ source: 't', detector: 'd', name: 'n', input: '', want });
    expect(exclusionOf(sample(['jdbc:postgresql://localhost:5432/postgres']))?.id).toBe('url-without-credential');
    expect(exclusionOf(sample(['postgres://app:s3cr3tPassw0rd@db/app']))).toBeUndefined();
    expect(exclusionOf(sample(['pk_live_51Habcdefghijklmnop']))?.id).toBe('public-key');
    // One real secret among excluded values keeps the sample in.
    expect(exclusionOf(sample(['user@example.com', 'q8Zr2LmX9vTk4WcY7pNb']))).toBeUndefined();
  });
});
