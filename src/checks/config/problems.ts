import type { ConfigDocument, ConfigProblem } from '../../inputs/config/document.js';
import { redactConfigLine } from '../../inputs/config/secrets.js';
import type { ConfigCheck, Hit } from '../context.js';

/** Problems of the file itself (quotes, includes, binary content), as hits of one kind; secrets redacted from the line shown. */
export function problemCheck(kind: ConfigProblem['kind']): ConfigCheck {
  return (doc: ConfigDocument): Hit[] => doc.problems.filter((p) => p.kind === kind).map((p) => ({
    location: p.line ? { file: p.file, line: p.line } : { file: p.file },
    evidence: p.text !== undefined ? redactConfigLine(p.text) : p.message,
    // Redacted too: the fingerprint is an unsalted hash of the key.
    key: `${kind}:${p.text !== undefined ? redactConfigLine(p.text) : p.message}`,
    vars: { problem: p.message },
  }));
}
