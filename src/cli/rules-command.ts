import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { ruleApplies } from '../checks/applies.js';
import { runFixtures } from '../checks/rule-tests.js';
import { loadRules, releaseLines } from '../checks/rules.js';
import { packageRoot } from '../paths.js';
import { describeKnown, upgradePath } from '../versions/path.js';
import { compareSameFlavor, formatVersion, parseSourceVersion, parseVersion, type Flavor } from '../versions/version.js';
import { EXIT } from './exit.js';

/** `rules list|explain|test`: the packs' rules and manual checks, one rule's facts, or the fixtures. */
export function rulesCommand(action: string, id: string | undefined, target: string | undefined, from: string | undefined, dirs: string[]): number {
  const index = loadRules(dirs);
  if (action === 'list') {
    let rules = index.rules;
    if (target) {
      const t = parseVersion(target);
      const path = upgradePath(from ? parseSourceVersion(from, t) : t, t, releaseLines(index));
      rules = rules.filter((r) => ruleApplies(r, path));
      process.stdout.write(`Rules for ${from ? path.description : formatVersion(t)}:\n`);
    }
    for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
      const change = r.change ? ` ${r.change.flavor} ${r.change.version}` : '';
      process.stdout.write(`${r.id.padEnd(44)} ${r.severity.padEnd(8)}${change.padEnd(16)} ${r.title ?? r.message.split(':')[0]}\n`);
    }
    process.stdout.write(`${rules.length} rule(s)\n`);
    if (index.manualChecks.length) {
      process.stdout.write('\nManual checks (listed in reports until acknowledged; see --acknowledgements):\n');
      for (const m of index.manualChecks) process.stdout.write(`${m.id.padEnd(44)} ${m.title}\n`);
    }
    return EXIT.ok;
  }
  if (action === 'explain') {
    const m = index.manualChecks.find((x) => x.id === id);
    if (m) {
      process.stdout.write(`${[`${m.id} — ${m.title} (manual check)`, m.description.trim(), 'references:', ...m.references.map((ref) => `  - ${ref.title}: ${ref.url}`), `pack: ${m.pack} (${m.file})`].join('\n')}\n`);
      return EXIT.ok;
    }
    const r = index.rules.find((x) => x.id === id);
    if (!r) throw new UsageError(`unknown rule id '${id ?? ''}' (see: redis-upgrade-lint rules list)`);
    const lines = [
      `${r.id}${r.title ? ` — ${r.title}` : ''}`,
      `severity: ${r.severity}${r.blocksStartup ? ' (blocks startup)' : ''}`,
      r.change ? `change: ${r.change.flavor} ${r.change.version} (applies: ${r.applies ?? 'upgrade'})`
        : r.library?.since ? `change: ${r.pack} ${r.library.since} (applies when the library upgrade crosses it)`
          : `applies: ${r.applies ?? 'every path'}`,
      ...(r.server?.below ? [`only for target servers below ${r.server.below}`] : []),
      `inputs: ${r.inputs.join(', ')}`,
      r.check ? `check: ${r.check} (code-backed)`
        : r.source ? `source: ${[r.source.language].flat().join(', ')} ast-grep rule ${JSON.stringify(r.source.rule)}`
          : r.manifest ? `manifest: ${JSON.stringify(r.manifest)}` : `match: ${JSON.stringify(r.match)}`,
      `message: ${r.message}`,
      `fix: ${r.fix}`,
      'references:',
      ...r.references.map((ref) => `  - ${ref.title}: ${ref.url}`),
      `pack: ${r.pack} (${r.file})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  }
  const dirsToTest = id ? [id] : [join(packageRoot(), 'fixtures', 'rules')];
  const results = runFixtures(dirsToTest, dirs);
  let failed = 0;
  for (const r of results) {
    if (r.failures.length) { failed++; process.stdout.write(`FAIL ${r.file}\n${r.failures.map((f) => `  ${f}`).join('\n')}\n`); }
    else process.stdout.write(`PASS ${r.file} (${r.assertions} assertions)\n`);
  }
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  return failed || results.length === 0 ? EXIT.findings : EXIT.ok;
}

/** `versions`: the release lines the packs know, with their tables' sources and dates. */
export function versionsCommand(dirs: string[]): number {
  const index = loadRules(dirs);
  process.stdout.write(`Known release lines: ${describeKnown(releaseLines(index))}\n`);
  const order = (t: { flavor: Flavor; line: string }) => parseVersion(t.line, t.flavor);
  for (const t of [...index.tables].sort((a, b) => a.flavor.localeCompare(b.flavor) || compareSameFlavor(order(a), order(b)))) {
    const rdb = index.rdbVersions.find((r) => r.flavor === t.flavor && r.line === t.line);
    const rdbText = rdb ? `, RDB ${rdb.rdbVersion}${rdb.unverified ? ' (unverified)' : ''}` : '';
    const partial = t.unverified?.length ? ', partly unverified' : '';
    process.stdout.write(`  ${t.flavor.padEnd(7)} ${t.line.padEnd(5)} tables from ${t.version.padEnd(9)} ${Object.keys(t.directives).length} directives${rdbText}${partial}; checked ${t.checked}\n`);
  }
  return EXIT.ok;
}
