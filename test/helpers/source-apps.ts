import { join } from 'node:path';
import { runCheck, type CheckOptions } from '../../src/checks/run.js';
import type { Finding } from '../../src/report/finding.js';
import { ROOT } from './cli.js';

/** The fixture applications with real manifests and lock files. */
export const APPS = join(ROOT, 'fixtures', 'source-apps');

export const appDir = (name: string) => join(APPS, name);

/** The report of a check over one fixture application. */
export function checkApp(name: string, target: string, extra: Partial<CheckOptions> = {}) {
  return runCheck({ paths: [appDir(name)], target, ...extra }).report;
}

/** The sorted rule ids of the findings whose id starts with `prefix`. */
export const ruleIds = (findings: Finding[], prefix: string) => findings.map((f) => f.ruleId).filter((id) => id.startsWith(prefix)).sort();
