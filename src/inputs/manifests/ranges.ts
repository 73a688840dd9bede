import semver from 'semver';
import { ANY, and, between, bump, formatRange, notEqual, single, type Range, type Ver } from './range-model.js';
import type { Dependency, Ecosystem } from './types.js';

/**
 * Converts a version requirement as an ecosystem writes it into a node-semver range
 * (`semver.validRange` accepts every string returned). Undefined when nothing is required (an
 * empty PyPI spec), when the spec is not a version requirement (a URL, a path, `workspace:`, an
 * unresolved `${property}`), or when a version has no node-semver form (a fourth non-zero part,
 * a non-zero PEP 440 epoch). Versions with one or two parts are padded: `4.1` → `4.1.0`.
 *
 * - pypi: PEP 440 specifiers (https://peps.python.org/pep-0440/#version-specifiers) `==`, `!=`,
 *   `<=`, `>=`, `<`, `>`, `~=`, `===`, `==4.*`; a whole PEP 508 requirement is accepted, its name,
 *   extras and `; marker` ignored (`redis[hiredis]>=4; python_version<"3.8"` → `>=4.0.0`). Poetry's
 *   additions (https://python-poetry.org/docs/dependency-specification/) `^4.0`, `~4.1`, `*`, a bare
 *   version (exact), space-separated clauses and `||`. Pre-releases `4.0.0rc1` → `4.0.0-rc.1`;
 *   post-releases and local labels compare as their release.
 * - npm: already node-semver (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#dependencies);
 *   returned as written when valid, `""` → `*`; an alias `npm:redis@^4` gives the alias's range
 *   (as does Yarn 2's `npm:^4`);
 *   tags, `workspace:`, `file:`, `link:`, git and tarball URLs → undefined.
 * - go: a module version (https://go.dev/ref/mod#versions) is exact: `v9.5.1` → `9.5.1`, a
 *   pseudo-version `v0.0.0-20230101120000-abcdef123456` keeps its prerelease, `+incompatible` is dropped.
 * - maven: a soft requirement `1.2.3` is taken as exact, `[1.5]` exact, ranges `[1.0,2.0)`,
 *   `(,1.0]`, unions `(,1.0],[1.2,)` (https://maven.apache.org/pom.html#dependency-version-requirement-specification);
 *   qualifiers `RELEASE`/`Final`/`GA` are the release, others (`SNAPSHOT`, `M1`, `RC1`) a prerelease.
 *   Gradle's forms (https://docs.gradle.org/current/userguide/dynamic_versions.html) `1.+`, `+`,
 *   `latest.release`, strict `1.2.3!!` and reversed brackets `]1.0,2.0[` go through the same dialect.
 * - rubygems: comma-separated constraints (https://guides.rubygems.org/patterns/#declaring-dependencies)
 *   `~> 4.0` = `>=4.0.0 <5.0.0`, `~> 4.2.1` = `>=4.2.1 <4.3.0`, `>= 4`, `!= 4.1`, a bare version (exact);
 *   `4.0.0.beta1` → `4.0.0-beta1`.
 */
export function toSemverRange(ecosystem: Ecosystem, spec: string): string | undefined {
  let r: Range | string | undefined;
  switch (ecosystem) {
    case 'pypi': r = pypiRange(spec); break;
    case 'npm': r = npmRange(spec); break;
    case 'go': { const v = goVersion(spec); r = v && single('=', v); break; }
    case 'maven': r = mavenRange(spec); break;
    case 'rubygems': r = gemRange(spec); break;
  }
  if (typeof r === 'string' || r === undefined) return r;
  return formatRange(r);
}

/**
 * The version a spec pins exactly, as written (`==4.6.0` → `4.6.0`, `[1.5]` → `1.5`, `= 4.0` →
 * `4.0`, Go's `v9.5.1` as is); undefined for ranges, wildcards and anything unparsed. Manifests
 * set `Dependency.version` from this.
 */
export function pinnedVersion(ecosystem: Ecosystem, spec: string): string | undefined {
  const s = spec.trim();
  switch (ecosystem) {
    case 'pypi': {
      const body = pypiBody(s);
      if (body === undefined || /[,|]/.test(body)) return undefined;
      const m = /^(===|==)?\s*([^\s*<>=!~^]+)$/.exec(body);
      return m?.[2] && (m[1] === '===' || pep440(m[2])) ? m[2] : undefined;
    }
    case 'npm': {
      const inner = s.startsWith('npm:') ? npmProtocol(s)?.range : s;
      return inner !== undefined && /^[=v\s]*\d/.test(inner) ? semver.clean(inner) ?? undefined : undefined;
    }
    case 'go': return goVersion(s) ? s : undefined;
    case 'maven': {
      const inner = /^\[([^,\][()]+)\]$/.exec(s)?.[1]?.trim() ?? s.replace(/!!$/, '');
      return /^\d[\w.-]*$/.test(inner) && !inner.includes('+') && mavenVersion(inner) ? inner : undefined;
    }
    case 'rubygems': {
      const m = /^=?\s*(\d[\w.-]*)$/.exec(s);
      return m?.[1] && gemVersion(m[1]) ? m[1] : undefined;
    }
  }
}

// ---- PyPI (PEP 440 and Poetry)

const PEP440 = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

/** A PEP 440 version; an epoch other than 0 cannot be ordered against plain versions, so undefined. */
export function pep440(text: string): Ver | undefined {
  const m = PEP440.exec(text.trim());
  if (!m?.[2] || (m[1] && Number(m[1]) !== 0)) return undefined;
  const pre: string[] = [];
  if (m[3]) {
    const kind = m[3].toLowerCase();
    pre.push(kind.startsWith('a') ? 'a' : kind.startsWith('b') ? 'b' : 'rc', String(Number(m[4] ?? 0)));
  }
  if (m[7]) pre.push('dev', String(Number(m[8] ?? 0)));
  return { release: m[2].split('.').map(Number), ...(pre.length ? { pre: pre.join('.') } : {}) };
}

/** The specifier part of a PEP 508 requirement: name, extras, marker and parentheses removed; undefined for a URL. */
function pypiBody(spec: string): string | undefined {
  let s = spec.trim();
  const semi = s.indexOf(';');
  if (semi >= 0) s = s.slice(0, semi).trim();
  const name = /^[A-Za-z][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?/.exec(s);
  if (name) s = s.slice(name[0].length).trim();
  if (s.startsWith('@')) return undefined;
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1).trim();
  return s;
}

const PY_CLAUSE = /^\s*,?\s*(===|~=|==|!=|<=|>=|<|>|\^|~|=)?\s*([^\s,]+)/;

function pypiRange(spec: string): Range | string | undefined {
  const body = pypiBody(spec);
  if (!body) return undefined;
  const out: Range = [];
  for (const alt of body.split(/\s*\|\|?\s*/)) {
    let acc: Range = ANY;
    let rest = alt.trim();
    if (!rest) return undefined;
    while (rest.trim()) {
      const m = PY_CLAUSE.exec(rest);
      if (!m?.[2]) return undefined;
      rest = rest.slice(m[0].length);
      const clause = pypiClause(m[1] ?? '', m[2]);
      if (!clause) return undefined;
      acc = and(acc, clause);
    }
    out.push(...acc);
  }
  return out;
}

function pypiClause(op: string, text: string): Range | undefined {
  if (text === '*') return op === '' || op === '==' ? ANY : undefined;
  const wild = /^(\d+(?:\.\d+)*)\.\*$/.exec(text);
  if (wild?.[1]) {
    const release = wild[1].split('.').map(Number);
    const lo: Ver = { release };
    const hi = bump(release, release.length - 1);
    if (op === '' || op === '==' || op === '=') return between(lo, hi);
    if (op === '!=') {
      const below = single('<', lo);
      const above = single('>=', hi);
      return below && above ? [...below, ...above] : undefined;
    }
    return undefined;
  }
  const v = pep440(text);
  if (!v) return undefined;
  switch (op) {
    case '': case '=': case '==': case '===': return single('=', v);
    case '!=': return notEqual(v);
    case '<': case '<=': case '>': case '>=': return single(op, v);
    case '~=': return v.release.length < 2 ? undefined : between(v, bump(v.release, v.release.length - 2));
    case '~': return between(v, bump(v.release, v.release.length === 1 ? 0 : 1));
    case '^': {
      const first = v.release.findIndex((n) => n !== 0);
      return between(v, bump(v.release, first < 0 ? v.release.length - 1 : first));
    }
  }
  return undefined;
}

// ---- npm

/**
 * The `npm:` protocol: `npm:redis@^4` and `npm:redis` are aliases (another package, at a range
 * or at its latest tag); Yarn 2+ also writes plain ranges as `npm:^4.6.0`, naming no package.
 */
export function npmProtocol(spec: string): { name?: string; range?: string } | undefined {
  if (!spec.startsWith('npm:')) return undefined;
  const rest = spec.slice('npm:'.length).trim();
  const at = rest.indexOf('@', 1);
  if (at > 0) return { name: rest.slice(0, at), range: rest.slice(at + 1) };
  return semver.validRange(rest) !== null ? { range: rest } : { name: rest };
}

function npmRange(spec: string): string | undefined {
  let s = spec.trim();
  if (s.startsWith('npm:')) {
    const inner = npmProtocol(s)?.range;
    if (inner === undefined) return undefined;
    s = inner.trim();
  }
  if (s === '') return '*';
  if (/^[a-z][a-z0-9+.-]*:/i.test(s) || s.includes('/')) return undefined;
  return semver.validRange(s) === null ? undefined : s;
}

// ---- Go

function goVersion(spec: string): Ver | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+incompatible)?$/.exec(spec.trim());
  if (!m) return undefined;
  return { release: [Number(m[1]), Number(m[2]), Number(m[3])], ...(m[4] ? { pre: m[4] } : {}) };
}

// ---- Maven and Gradle

/** Prerelease identifiers node-semver accepts: no empty parts, no leading zeros, [0-9A-Za-z-] only. */
function preIds(text: string): string | undefined {
  const ids = text.replace(/[^0-9A-Za-z.-]/g, '-').split('.').filter(Boolean)
    .map((id) => (/^\d+$/.test(id) ? String(Number(id)) : id));
  return ids.length ? ids.join('.') : undefined;
}

/**
 * A Maven version (https://maven.apache.org/pom.html#version-order-specification) reduced to
 * semver: `RELEASE`, `Final`, `GA` and post-release qualifiers (`sp1`, a build number `-1`) are
 * the release itself; any other qualifier is a prerelease.
 */
export function mavenVersion(text: string): Ver | undefined {
  const m = /^(\d+(?:\.\d+)*)(?:[.-]?(.*))?$/.exec(text.trim());
  if (!m?.[1]) return undefined;
  const release = m[1].split('.').map(Number);
  const q = m[2] ?? '';
  if (/^(release|final|ga)?$/i.test(q) || /^\d+$/.test(q) || /^(sp|patch)[.-]?\d*$/i.test(q)) return { release };
  const pre = preIds(q);
  return pre ? { release, pre } : { release };
}

function mavenRange(spec: string): Range | undefined {
  const s = spec.trim();
  if (!s || s.includes('${')) return undefined;
  if (s === '+' || /^latest\.\w+$/i.test(s)) return ANY;
  const prefix = /^(\d+(?:\.\d+)*)\.\+$/.exec(s);
  if (prefix?.[1]) {
    const release = prefix[1].split('.').map(Number);
    return between({ release }, bump(release, release.length - 1));
  }
  if (!/^[[\]()]/.test(s)) {
    const v = mavenVersion(s.replace(/!!$/, ''));
    return v && single('=', v);
  }
  const out: Range = [];
  let pos = 0;
  while (pos < s.length) {
    while (pos < s.length && /[\s,]/.test(s.charAt(pos))) pos++;
    if (pos >= s.length) break;
    const open = s.charAt(pos);
    if (!'[(]'.includes(open)) return undefined;
    let close = pos + 1;
    while (close < s.length && !'[]()'.includes(s.charAt(close))) close++;
    if (close >= s.length || s.charAt(close) === '(') return undefined;
    const parts = s.slice(pos + 1, close).split(',').map((p) => p.trim());
    const closeChar = s.charAt(close);
    pos = close + 1;
    if (parts.length === 1) {
      const v = open === '[' && closeChar === ']' && parts[0] ? mavenVersion(parts[0]) : undefined;
      const r = v && single('=', v);
      if (!r) return undefined;
      out.push(...r);
      continue;
    }
    if (parts.length !== 2) return undefined;
    let acc: Range = ANY;
    if (parts[0]) {
      const v = mavenVersion(parts[0]);
      const r = v && single(open === '[' ? '>=' : '>', v);
      if (!r) return undefined;
      acc = and(acc, r);
    }
    if (parts[1]) {
      const v = mavenVersion(parts[1]);
      const r = v && single(closeChar === ']' ? '<=' : '<', v);
      if (!r) return undefined;
      acc = and(acc, r);
    }
    out.push(...acc);
  }
  return out.length ? out : undefined;
}

// ---- RubyGems

/** A gem version: numeric segments, then from the first letter on a prerelease (`4.0.0.beta1`). */
export function gemVersion(text: string): Ver | undefined {
  const m = /^(\d+(?:\.\d+)*)(?:[.-]?([A-Za-z][0-9A-Za-z.-]*))?$/.exec(text.trim());
  if (!m?.[1]) return undefined;
  const release = m[1].split('.').map(Number);
  const pre = m[2] ? preIds(m[2]) : undefined;
  return pre ? { release, pre } : { release };
}

function gemRange(spec: string): Range | undefined {
  const parts = spec.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return undefined;
  let acc: Range = ANY;
  for (const p of parts) {
    const m = /^(~>|>=|<=|!=|=|>|<)?\s*(\S+)$/.exec(p);
    const v = m?.[2] ? gemVersion(m[2]) : undefined;
    if (!m || !v) return undefined;
    let r: Range | undefined;
    switch (m[1] ?? '=') {
      case '=': r = single('=', v); break;
      case '!=': r = notEqual(v); break;
      // Gem::Version#bump: drop the last segment (unless it is the only one), increment the new last.
      case '~>': r = between(v, bump(v.release, Math.max(0, v.release.length - 2))); break;
      default: r = single(m[1] as '<' | '<=' | '>' | '>=', v);
    }
    if (!r) return undefined;
    acc = and(acc, r);
  }
  return acc;
}

/** Sets what a declared spec says on a dependency: `declared` as written, its semver `range`, and `version` for an exact pin. */
export function applySpec(d: Dependency, spec: string): Dependency {
  d.declared = spec;
  const range = toSemverRange(d.ecosystem, spec);
  if (range) d.range = range;
  const version = pinnedVersion(d.ecosystem, spec);
  if (version) d.version = version;
  return d;
}

/**
 * A Python project's own version as a semver version (PEP 440 `4.0.0rc1` → `4.0.0-rc.1`, `3.0` →
 * `3.0.0`), or undefined when it has none (a `self` entry needs an exact version to plan from).
 */
export function pypiSelfVersion(version: string): string | undefined {
  const v = toSemverRange('pypi', `==${version}`);
  return v && semver.valid(v) ? v : undefined;
}
