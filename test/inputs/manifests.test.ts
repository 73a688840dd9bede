import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isManifest, MANIFEST_NAMES, normaliseName, parseManifest, pinnedVersion, toSemverRange,
  type Dependency, type ManifestResult,
} from '../../src/inputs/manifests/index.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'manifests');
const fx = (...parts: string[]): string => join(FIXTURES, ...parts);

/** The dependency fields a test compares, without `ecosystem` and `file` unless asked. */
function rows(result: ManifestResult): Omit<Dependency, 'ecosystem' | 'file'>[] {
  return result.dependencies.map(({ ecosystem: _e, file: _f, ...rest }) => rest);
}
function named(result: ManifestResult, name: string): Dependency[] {
  return result.dependencies.filter((d) => d.name === name);
}

describe('toSemverRange: PyPI (PEP 440 and Poetry)', () => {
  it.each([
    ['==4.6.0', '4.6.0'],
    ['==4.6', '4.6.0'],
    ['>=3,<4', '>=3.0.0 <4.0.0'],
    ['>=3.0, <4', '>=3.0.0 <4.0.0'],
    ['~=3.5', '>=3.5.0 <4.0.0'],
    ['~=3.5.2', '>=3.5.2 <3.6.0'],
    ['!=4.1.0', '<4.1.0 || >4.1.0'],
    ['>=4,!=4.1.0', '>=4.0.0 <4.1.0 || >=4.0.0 >4.1.0'],
    ['===5.5.2', '5.5.2'],
    ['==4.*', '>=4.0.0 <5.0.0'],
    ['==4.1.*', '>=4.1.0 <4.2.0'],
    ['!=4.1.*', '<4.1.0 || >=4.2.0'],
    ['redis[hiredis]>=4', '>=4.0.0'],
    ['redis[hiredis] (>=4.2,<5) ; python_version<"3.8"', '>=4.2.0 <5.0.0'],
    ['redis>=4.0; python_version<"3.8"', '>=4.0.0'],
    ['==4.0.0rc1', '4.0.0-rc.1'],
    ['>=2.0.0b3', '>=2.0.0-b.3'],
    ['==1.0.post2', '1.0.0'],
    ['==1.0.dev4', '1.0.0-dev.4'],
    ['^4.0', '>=4.0.0 <5.0.0'],
    ['^0.2.3', '>=0.2.3 <0.3.0'],
    ['^0.0.3', '>=0.0.3 <0.0.4'],
    ['^0.0', '>=0.0.0 <0.1.0'],
    ['~4.1', '>=4.1.0 <4.2.0'],
    ['~4', '>=4.0.0 <5.0.0'],
    ['*', '*'],
    ['4.2', '4.2.0'],
    ['4.*', '>=4.0.0 <5.0.0'],
    ['>=1.0,<2.0', '>=1.0.0 <2.0.0'],
    ['>= 1.2 < 1.5', '>=1.2.0 <1.5.0'],
    ['^2.1 || ^3.0', '>=2.1.0 <3.0.0 || >=3.0.0 <4.0.0'],
  ])('%s → %s', (spec, range) => {
    expect(toSemverRange('pypi', spec)).toBe(range);
    expect(semver.validRange(range)).not.toBeNull();
  });
  it.each([
    ['', 'nothing required'],
    ['redis', 'a bare name requires nothing'],
    ['requests @ https://example.com/requests.zip', 'a direct reference'],
    ['~=3', '~= needs two release parts'],
    ['==1!2.0', 'a non-zero epoch'],
    ['==1.2.3.4', 'a fourth non-zero part'],
    ['>=banana', 'not a version'],
  ])('%s → undefined (%s)', (spec) => {
    expect(toSemverRange('pypi', spec)).toBeUndefined();
  });
  it('drops a trailing zero fourth part rather than refusing it', () => {
    expect(toSemverRange('pypi', '==1.2.3.0')).toBe('1.2.3');
  });
});

describe('toSemverRange: npm, Go, Maven, RubyGems', () => {
  it.each([
    ['^4.6.0', '^4.6.0'],
    ['>=4.10 <5', '>=4.10 <5'],
    ['5.3.x', '5.3.x'],
    ['', '*'],
    ['npm:redis@~3.1.2', '~3.1.2'],
    ['npm:^4.6.0', '^4.6.0'],
  ])('npm %j → %s', (spec, range) => {
    expect(toSemverRange('npm', spec)).toBe(range);
  });
  it.each(['workspace:*', 'workspace:^1.0.0', 'file:../lib', 'link:../lib', 'git+https://github.com/a/b.git#v1',
    'github:a/b', 'a/b', 'https://example.com/x.tgz', 'latest', 'npm:redis'])('npm %s → undefined', (spec) => {
    expect(toSemverRange('npm', spec)).toBeUndefined();
  });
  it.each([
    ['v9.5.1', '9.5.1'],
    ['v0.0.0-20230101120000-abcdef123456', '0.0.0-20230101120000-abcdef123456'],
    ['v1.2.4-0.20230101120000-abcdef123456', '1.2.4-0.20230101120000-abcdef123456'],
    ['v2.0.0+incompatible', '2.0.0'],
    ['v1.0.0-rc.1', '1.0.0-rc.1'],
  ])('go %s → %s', (spec, range) => {
    expect(toSemverRange('go', spec)).toBe(range);
  });
  it.each(['v1.2', '9.5.1', 'latest', ''])('go %j → undefined', (spec) => {
    expect(toSemverRange('go', spec)).toBeUndefined();
  });
  it.each([
    ['1.2.3', '1.2.3'],
    ['1.2', '1.2.0'],
    ['6.3.2.RELEASE', '6.3.2'],
    ['5.6.15.Final', '5.6.15'],
    ['1.0-SNAPSHOT', '1.0.0-SNAPSHOT'],
    ['6.1.0.M1', '6.1.0-M1'],
    ['[1.5]', '1.5.0'],
    ['[1.0,2.0)', '>=1.0.0 <2.0.0'],
    ['[1.0,2.0]', '>=1.0.0 <=2.0.0'],
    ['(1.0,2.0)', '>1.0.0 <2.0.0'],
    ['(,1.0]', '<=1.0.0'],
    ['[1.5,)', '>=1.5.0'],
    ['(,1.0],[1.2,)', '<=1.0.0 || >=1.2.0'],
    ['1.+', '>=1.0.0 <2.0.0'],
    ['3.25.+', '>=3.25.0 <3.26.0'],
    ['+', '*'],
    ['latest.release', '*'],
    ['0.7.3!!', '0.7.3'],
    [']1.0,2.0[', '>1.0.0 <2.0.0'],
  ])('maven %s → %s', (spec, range) => {
    expect(toSemverRange('maven', spec)).toBe(range);
  });
  it.each(['${jedis.version}', '[1.0', '[1.0,2.0,3.0]', '(1.5)', '1.2.3.4', ''])('maven %j → undefined', (spec) => {
    expect(toSemverRange('maven', spec)).toBeUndefined();
  });
  it.each([
    ['~> 4.0', '>=4.0.0 <5.0.0'],
    ['~> 4.2.1', '>=4.2.1 <4.3.0'],
    ['~> 4', '>=4.0.0 <5.0.0'],
    ['>= 4', '>=4.0.0'],
    ['= 4.0', '4.0.0'],
    ['4.0', '4.0.0'],
    ['!= 4.1', '<4.1.0 || >4.1.0'],
    ['>= 4.8.1, < 6', '>=4.8.1 <6.0.0'],
    ['~> 4.8, >= 4.8.1', '>=4.8.0 <5.0.0 >=4.8.1'],
    ['= 4.0.0.beta1', '4.0.0-beta1'],
  ])('rubygems %s → %s', (spec, range) => {
    expect(toSemverRange('rubygems', spec)).toBe(range);
  });
  it.each(['', '~>', '>= x', '=> 4'])('rubygems %j → undefined', (spec) => {
    expect(toSemverRange('rubygems', spec)).toBeUndefined();
  });
});

describe('pinnedVersion and normaliseName', () => {
  it('gives the version of an exact pin as written and nothing for a range', () => {
    expect(pinnedVersion('pypi', '==4.6.0')).toBe('4.6.0');
    expect(pinnedVersion('pypi', '===5.5.2')).toBe('5.5.2');
    expect(pinnedVersion('pypi', '1.0.7')).toBe('1.0.7');
    expect(pinnedVersion('pypi', 'redis==4.6.0 ; python_version<"3.8"')).toBe('4.6.0');
    expect(pinnedVersion('pypi', '==4.*')).toBeUndefined();
    expect(pinnedVersion('pypi', '>=4.6.0')).toBeUndefined();
    expect(pinnedVersion('pypi', '==4.6.0,!=4.6.1')).toBeUndefined();
    expect(pinnedVersion('npm', '5.3.2')).toBe('5.3.2');
    expect(pinnedVersion('npm', '=v5.3.2')).toBe('5.3.2');
    expect(pinnedVersion('npm', 'npm:redis@4.6.13')).toBe('4.6.13');
    expect(pinnedVersion('npm', '^5.3.2')).toBeUndefined();
    expect(pinnedVersion('go', 'v9.5.1')).toBe('v9.5.1');
    expect(pinnedVersion('maven', '6.3.2.RELEASE')).toBe('6.3.2.RELEASE');
    expect(pinnedVersion('maven', '[1.5]')).toBe('1.5');
    expect(pinnedVersion('maven', '0.7.3!!')).toBe('0.7.3');
    expect(pinnedVersion('maven', '1.+')).toBeUndefined();
    expect(pinnedVersion('maven', '[1.0,2.0)')).toBeUndefined();
    expect(pinnedVersion('rubygems', '= 4.0')).toBe('4.0');
    expect(pinnedVersion('rubygems', '1.11.0')).toBe('1.11.0');
    expect(pinnedVersion('rubygems', '~> 4.0')).toBeUndefined();
  });
  it('normalises PyPI names per PEP 503 and leaves other ecosystems as written', () => {
    expect(normaliseName('pypi', 'Zope.Interface')).toBe('zope-interface');
    expect(normaliseName('pypi', 'typing__extensions')).toBe('typing-extensions');
    expect(normaliseName('pypi', 'Flask-._Caching')).toBe('flask-caching');
    expect(normaliseName('npm', '@Redis/client')).toBe('@Redis/client');
    expect(normaliseName('rubygems', 'connection_pool')).toBe('connection_pool');
  });
});

describe('isManifest', () => {
  it.each([
    'requirements.txt', 'requirements-dev.txt', 'requirements_test.txt', 'pyproject.toml', 'poetry.lock', 'Pipfile',
    'Pipfile.lock', 'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml',
    'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'gradle.lockfile', 'Gemfile', 'Gemfile.lock',
    'cache_store.gemspec', '/srv/app/requirements.txt', 'sub/dir/go.mod',
  ])('accepts %s', (name) => {
    expect(isManifest(name)).toBe(true);
  });
  it.each(['go.sum', 'requirements.in', 'dev-requirements.txt', 'package.json5', 'gemfile', 'settings.gradle', 'redis.conf', 'base.txt'])(
    'refuses %s', (name) => {
      expect(isManifest(name)).toBe(false);
    });
  it('lists the exact names it reads', () => {
    expect(MANIFEST_NAMES).toContain('pnpm-lock.yaml');
    expect(MANIFEST_NAMES).toContain('Gemfile.lock');
    expect(MANIFEST_NAMES).not.toContain('go.sum');
  });
});

describe('parseManifest: requirements files', () => {
  it('reads pins, ranges, extras, markers, continuations and hashes, with lines', () => {
    const r = parseManifest(fx('python', 'requirements.txt'));
    const own = r.dependencies.filter((d) => d.file === fx('python', 'requirements.txt'));
    expect(own.map(({ ecosystem: _e, file: _f, ...rest }) => rest)).toEqual([
      { name: 'redis', declared: '==4.6.0', range: '4.6.0', version: '4.6.0', line: 6 },
      { name: 'django', declared: '>=3.2,<4', range: '>=3.2.0 <4.0.0', line: 9 },
      { name: 'celery', declared: '~= 5.3', range: '>=5.3.0 <6.0.0', line: 10 },
      { name: 'kombu', declared: '!=5.3.0,>=5.2', range: '<5.3.0 >=5.2.0 || >5.3.0 >=5.2.0', line: 11 },
      { name: 'typing-extensions', line: 12 },
      { name: 'importlib-metadata', declared: '>=4.0', range: '>=4.0.0', line: 13 },
      { name: 'redis-om', line: 14 },
      { name: 'requests', line: 16 },
      { name: 'zope-interface', declared: '===5.5.2', range: '5.5.2', version: '5.5.2', line: 17 },
      { name: 'hiredis', declared: '==2.*', range: '>=2.0.0 <3.0.0', line: 18 },
    ]);
    expect(r.dependencies.every((d) => d.ecosystem === 'pypi' && !d.dev && !d.locked)).toBe(true);
  });
  it('follows -r relative to the including file, once per file, and reports a missing one at its line', () => {
    const r = parseManifest(fx('python', 'requirements.txt'));
    expect(r.dependencies[0]).toEqual({ ecosystem: 'pypi', name: 'urllib3', declared: '>=1.26,<3', range: '>=1.26.0 <3.0.0',
      file: fx('python', 'requirements', 'base.txt'), line: 3 });
    // base.txt includes requirements.txt back: each requirement appears once.
    expect(named(r, 'redis')).toHaveLength(1);
    expect(r.problems).toEqual([{ file: fx('python', 'requirements', 'base.txt'), line: 4,
      message: '-r missing-extra.txt: cannot read the file (ENOENT)' }]);
  });
  it('marks a dev file dev but not what it includes, and reports a line that is no requirement', () => {
    const r = parseManifest(fx('python', 'requirements-dev.txt'));
    expect(r.dependencies.filter((d) => d.dev).map((d) => [d.name, d.line])).toEqual([['pytest', 2], ['fakeredis', 3]]);
    expect(named(r, 'redis')[0]?.dev).toBeUndefined();
    expect(r.problems).toContainEqual({ file: fx('python', 'requirements-dev.txt'), line: 4, message: 'not a requirement: this is not a requirement!' });
  });
  it('reads CRLF files, continuation into a marker, and a -rFILE include without a space', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-crlf-'));
    writeFileSync(join(dir, 'requirements.txt'), 'redis==4.6.0\r\nhiredis>=2 \\\r\n  ; python_version > "3"\r\n-rrequirements-extra.txt\r\n');
    writeFileSync(join(dir, 'requirements-extra.txt'), 'Celery[redis]~=5.3.6\r\n');
    const r = parseManifest(join(dir, 'requirements.txt'));
    expect(r.problems).toEqual([]);
    expect(r.dependencies.map((d) => [d.name, d.range, d.line])).toEqual([
      ['redis', '4.6.0', 1], ['hiredis', '>=2.0.0', 2], ['celery', '>=5.3.6 <5.4.0', 1]]);
  });
  it('ends an include cycle without a problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-req-'));
    writeFileSync(join(dir, 'requirements.txt'), '-r requirements-b.txt\nredis>=5\n');
    writeFileSync(join(dir, 'requirements-b.txt'), '--requirement=requirements.txt\nhiredis\n');
    const r = parseManifest(join(dir, 'requirements.txt'));
    expect(r.dependencies.map((d) => d.name)).toEqual(['hiredis', 'redis']);
    expect(r.problems).toEqual([]);
  });
});

describe('parseManifest: pyproject.toml, poetry.lock, Pipfile', () => {
  it('reads PEP 621 dependencies, extras and PEP 735 groups with lines and dev flags', () => {
    expect(rows(parseManifest(fx('python', 'pep621', 'pyproject.toml')))).toEqual([
      { name: 'cache-service', version: '1.4.0', declared: '1.4.0', line: 7, self: true },
      { name: 'redis', declared: '>=4.2,<5', range: '>=4.2.0 <5.0.0', line: 10 },
      { name: 'flask-caching', declared: '>=2.0', range: '>=2.0.0', line: 11 },
      { name: 'pydantic', declared: '~=2.5', range: '>=2.5.0 <3.0.0', line: 12 },
      { name: 'opentelemetry-instrumentation-redis', line: 13 },
      { name: 'hiredis', declared: '>=2.0', range: '>=2.0.0', line: 17 },
      { name: 'pytest', declared: '>=7', range: '>=7.0.0', line: 18, dev: true },
      { name: 'mypy', declared: '==1.7.1', range: '1.7.1', version: '1.7.1', line: 18, dev: true },
      { name: 'fakeredis', declared: '>=2.20', range: '>=2.20.0', line: 21, dev: true },
      { name: 'ruff', declared: '==0.1.6', range: '0.1.6', version: '0.1.6', line: 22, dev: true },
    ]);
  });
  it('reads Poetry dependencies, tables, multiple constraints, dev-dependencies and groups', () => {
    const r = parseManifest(fx('python', 'poetry', 'pyproject.toml'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      { name: 'session-store', version: '0.3.0', declared: '0.3.0', line: 3, self: true },
      { name: 'redis', declared: '^4.5', range: '>=4.5.0 <5.0.0', line: 9 },
      { name: 'hiredis', declared: '~2.2', range: '>=2.2.0 <2.3.0', line: 10 },
      { name: 'django', declared: '*', range: '*', line: 11 },
      { name: 'backports-zoneinfo', declared: '>=0.2.1,<0.3', range: '>=0.2.1 <0.3.0', line: 12 },
      { name: 'requests', line: 13 },
      { name: 'pendulum', declared: '^2.1 || ^3.0', range: '>=2.1.0 <3.0.0 || >=3.0.0 <4.0.0', line: 14 },
      { name: 'msgpack', declared: '1.0.7', range: '1.0.7', version: '1.0.7', line: 18 },
      { name: 'black', declared: '23.11.0', range: '23.11.0', version: '23.11.0', line: 21, dev: true },
      { name: 'pytest', declared: '^7.4', range: '>=7.4.0 <8.0.0', line: 24, dev: true },
      { name: 'fakeredis', declared: '>=2.20,<3.0', range: '>=2.20.0 <3.0.0', line: 25, dev: true },
      { name: 'click', declared: '~8.1', range: '>=8.1.0 <8.2.0', line: 28 },
    ]);
  });
  it('finds the line of a Poetry dependency written as a sub-table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-poetry-'));
    writeFileSync(join(dir, 'pyproject.toml'),
      '[tool.poetry.dependencies]\npython = "^3.10"\n\n[tool.poetry.dependencies.redis]\nversion = "^5.0"\nextras = ["hiredis"]\n');
    expect(rows(parseManifest(join(dir, 'pyproject.toml')))).toEqual([
      { name: 'redis', declared: '^5.0', range: '>=5.0.0 <6.0.0', line: 4 }]);
  });
  it('reads poetry.lock with categories (lock 1.1/2.0) and with groups (2.1)', () => {
    expect(rows(parseManifest(fx('python', 'poetry-lock-1.1', 'poetry.lock')))).toEqual([
      { name: 'async-timeout', version: '4.0.3', line: 4, locked: true },
      { name: 'pytest', version: '7.4.3', line: 15, locked: true, dev: true },
      { name: 'redis', version: '4.6.0', line: 27, locked: true },
    ]);
    expect(rows(parseManifest(fx('python', 'poetry-lock-2.1', 'poetry.lock')))).toEqual([
      { name: 'redis', version: '5.0.1', line: 4, locked: true },
      { name: 'fakeredis', version: '2.20.1', line: 13, locked: true, dev: true },
      { name: 'typing-extensions', version: '4.9.0', line: 22, locked: true },
    ]);
  });
  it('reads Pipfile and Pipfile.lock', () => {
    expect(rows(parseManifest(fx('python', 'pipenv', 'Pipfile')))).toEqual([
      { name: 'redis', declared: '==5.0.1', range: '5.0.1', version: '5.0.1', line: 7 },
      { name: 'flask-session', declared: '*', range: '*', line: 8 },
      { name: 'hiredis', declared: '>=2.2', range: '>=2.2.0', line: 9 },
      { name: 'rq', line: 10 },
      { name: 'pytest', declared: '~=7.4', range: '>=7.4.0 <8.0.0', line: 13, dev: true },
    ]);
    expect(rows(parseManifest(fx('python', 'pipenv', 'Pipfile.lock')))).toEqual([
      { name: 'redis', version: '5.0.1', line: 19, locked: true },
      { name: 'flask-session', version: '0.5.0', line: 27, locked: true },
      { name: 'rq', line: 31, locked: true },
      { name: 'pytest', version: '7.4.3', line: 37, locked: true, dev: true },
    ]);
  });
  it('keeps the tables around a TOML syntax error and reports its line', () => {
    const r = parseManifest(fx('python', 'broken-pyproject', 'pyproject.toml'));
    expect(r.problems).toEqual([{ file: fx('python', 'broken-pyproject', 'pyproject.toml'), line: 6,
      message: 'TOML syntax error: expected comma or end of structure' }]);
    expect(rows(r)).toEqual([
      { name: 'redis', declared: '>=5.0', range: '>=5.0.0', line: 3 },
      { name: 'celery', declared: '^5.3', range: '>=5.3.0 <6.0.0', line: 9 },
    ]);
  });
  it('keeps the packages around a broken poetry.lock block', () => {
    const r = parseManifest(fx('python', 'broken-poetry-lock', 'poetry.lock'));
    expect(r.problems).toEqual([{ file: fx('python', 'broken-poetry-lock', 'poetry.lock'), line: 9, message: 'TOML syntax error: invalid value' }]);
    expect(rows(r)).toEqual([
      { name: 'redis', version: '5.0.1', line: 2, locked: true },
      { name: 'async-timeout', version: '4.0.3', line: 13, locked: true },
    ]);
  });
  it('keeps the Pipfile.lock entries before a JSON syntax error', () => {
    const r = parseManifest(fx('python', 'broken-pipfile-lock', 'Pipfile.lock'));
    expect(r.problems).toEqual([{ file: fx('python', 'broken-pipfile-lock', 'Pipfile.lock'), line: 6,
      message: 'JSON syntax error: expected a property name in double quotes' }]);
    expect(rows(r)).toEqual([
      { name: 'redis', version: '5.0.1', line: 4, locked: true },
      { name: 'hiredis', version: '2.3.2', line: 5, locked: true },
    ]);
  });
});

describe('parseManifest: setup.py', () => {
  it('reads the project itself and its requirements from literals, with lines and dev groups', () => {
    const r = parseManifest(fx('python', 'setup-py', 'literal', 'setup.py'));
    expect(rows(r)).toEqual([
      { name: 'redis', declared: '>=3.0.0,<4.0.0', range: '>=3.0.0 <4.0.0', line: 14 },
      { name: 'pytest', declared: '>=6', range: '>=6.0.0', line: 16, dev: true },
      { name: 'hiredis', declared: '>=0.1.3', range: '>=0.1.3', line: 18 },
      { name: 'tox', line: 19, dev: true },
      { name: 'redis-py-cluster', version: '2.1.3', declared: '2.1.3', line: 9, self: true, implementation: ['rediscluster'] },
    ]);
    expect(r.problems).toEqual([{ file: fx('python', 'setup-py', 'literal', 'setup.py'), line: 19, message: 'not a PEP 508 requirement: not a requirement!' }]);
  });
  it('reports computed values at their lines and assumes nothing for them', () => {
    const file = fx('python', 'setup-py', 'computed', 'setup.py');
    const r = parseManifest(file);
    expect(rows(r)).toEqual([{ name: 'redis', declared: '==4.6.0', range: '4.6.0', version: '4.6.0', line: 15 }]);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([[14, 'setup(install_requires=…) is computed, not a literal: not read']]);
  });
  it('says nothing of a computed list a requirements file beside it holds, reads distutils and PEP 440 versions, and reports a setup call it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-setup-'));
    writeFileSync(join(dir, 'setup.py'), 'from distutils.core import setup\nimport distutils.core\ndistutils.core.setup(name="redis", version="4.0.0rc1", install_requires=open("requirements.txt").read().split())\n');
    writeFileSync(join(dir, 'requirements.txt'), 'hiredis\n');
    const r = parseManifest(join(dir, 'setup.py'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([{ name: 'redis', version: '4.0.0-rc.1', declared: '4.0.0rc1', line: 3, self: true }]);
    writeFileSync(join(dir, 'setup.py'), 'from setuptools import setup\nsetup(name="x", version="1.0", install_requires=["redis>=4" \n');
    expect(parseManifest(join(dir, 'setup.py')).problems.map((p) => p.message)).toEqual(['no setup(...) call could be read (a syntax error?): its requirements are not read']);
  });
  it('is a manifest', () => {
    expect(isManifest('/x/setup.py')).toBe(true);
  });
});

describe('parseManifest: npm', () => {
  it('reads package.json sections, aliases, and specs that are no ranges', () => {
    const r = parseManifest(fx('npm', 'app', 'package.json'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      { name: 'queue-worker', version: '2.1.0', declared: '2.1.0', line: 3, self: true },
      { name: 'redis', declared: '^4.6.0', range: '^4.6.0', line: 7 },
      { name: 'ioredis', declared: '5.3.2', range: '5.3.2', version: '5.3.2', line: 8 },
      { name: 'redis', declared: 'npm:redis@~3.1.2', range: '~3.1.2', line: 9 },
      { name: 'bull', declared: '>=4.10 <5', range: '>=4.10 <5', line: 10 },
      { name: 'shared', declared: 'workspace:*', line: 11 },
      { name: 'internal-lib', declared: 'git+https://github.com/example/internal-lib.git#v1.2.0', line: 12 },
      { name: 'local-utils', declared: 'file:../local-utils', line: 13 },
      { name: 'lodash', declared: 'latest', line: 14 },
      { name: 'ioredis-mock', declared: '~8.9.0', range: '~8.9.0', line: 17, dev: true },
      { name: 'typescript', declared: '5.3.x', range: '5.3.x', line: 18, dev: true },
      { name: '@redis/client', declared: '^1.5.0', range: '^1.5.0', line: 21 },
      { name: 'hiredis', declared: '0.5.0', range: '0.5.0', version: '0.5.0', line: 24 },
    ]);
  });
  it('reads package-lock v1 nested dependencies, dev flags and aliases', () => {
    expect(rows(parseManifest(fx('npm', 'lock-v1', 'package-lock.json')))).toEqual([
      { name: 'denque', version: '1.5.1', line: 7, locked: true },
      { name: 'mocha', version: '10.2.0', line: 12, locked: true, dev: true },
      { name: 'ms', version: '2.1.3', line: 16, locked: true, dev: true },
      { name: 'redis', version: '3.1.2', line: 22, locked: true },
      { name: 'redis-commands', version: '1.7.0', line: 29, locked: true },
      { name: 'redis', version: '4.6.13', line: 32, locked: true },
      { name: 'internal-lib', line: 35, locked: true },
    ]);
  });
  it('reads package-lock v2 from packages (not the v1 copy), nested node_modules included', () => {
    expect(rows(parseManifest(fx('npm', 'lock-v2', 'package-lock.json')))).toEqual([
      { name: 'ioredis', version: '5.3.2', line: 17, locked: true },
      { name: 'denque', version: '2.1.0', line: 25, locked: true },
      { name: 'ioredis-mock', version: '8.9.0', line: 28, locked: true, dev: true },
      { name: 'ioredis', version: '5.4.1', line: 32, locked: true, dev: true },
    ]);
  });
  it('reads package-lock v3: scoped, aliased by name, devOptional not dev, workspace links skipped', () => {
    expect(rows(parseManifest(fx('npm', 'lock-v3', 'package-lock.json')))).toEqual([
      { name: '@redis/client', version: '1.5.14', line: 11, locked: true },
      { name: 'cluster-key-slot', version: '1.1.2', line: 17, locked: true },
      { name: 'redis', version: '4.6.13', line: 20, locked: true },
      { name: 'redis', version: '3.1.2', line: 26, locked: true },
      { name: 'fsevents', version: '2.3.3', line: 30, locked: true },
      { name: 'vitest', version: '1.1.0', line: 35, locked: true, dev: true },
    ]);
  });
  it('reads npm-shrinkwrap.json like a package-lock', () => {
    expect(rows(parseManifest(fx('npm', 'shrinkwrap', 'npm-shrinkwrap.json')))).toEqual([
      { name: 'ioredis', version: '5.3.2', line: 7, locked: true },
    ]);
  });
  it('reads yarn.lock v1: one entry per resolved package, scoped and aliased names', () => {
    expect(rows(parseManifest(fx('npm', 'yarn-v1', 'yarn.lock')))).toEqual([
      { name: '@redis/client', version: '1.5.14', line: 5, locked: true },
      { name: 'cluster-key-slot', version: '1.1.2', line: 12, locked: true },
      { name: 'redis', version: '4.6.13', line: 16, locked: true },
      { name: 'redis', version: '3.1.2', line: 22, locked: true },
    ]);
  });
  it('reads a Yarn berry lock: names from resolutions, workspaces and patches skipped', () => {
    expect(rows(parseManifest(fx('npm', 'yarn-berry', 'yarn.lock')))).toEqual([
      { name: '@redis/client', version: '1.5.14', line: 8, locked: true },
      { name: 'ioredis', version: '5.3.2', line: 17, locked: true },
      { name: 'redis', version: '3.1.2', line: 23, locked: true },
      { name: 'resolve', version: '1.22.8', line: 29, locked: true },
    ]);
  });
  it('reads pnpm-lock.yaml 5.4 keys with peer suffixes and dev flags', () => {
    expect(rows(parseManifest(fx('npm', 'pnpm-v5', 'pnpm-lock.yaml')))).toEqual([
      { name: '@ioredis/commands', version: '1.2.0', line: 15, locked: true },
      { name: 'ioredis', version: '5.3.2', line: 19, locked: true },
      { name: 'ioredis-mock', version: '8.9.0', line: 26, locked: true, dev: true },
    ]);
  });
  it('reads pnpm-lock.yaml 6.0 keys with peers in parentheses', () => {
    expect(rows(parseManifest(fx('npm', 'pnpm-v6', 'pnpm-lock.yaml')))).toEqual([
      { name: '@redis/client', version: '1.5.14', line: 19, locked: true },
      { name: '@redis/json', version: '1.0.6', line: 24, locked: true },
      { name: 'redis', version: '4.6.13', line: 30, locked: true },
      { name: 'redis-memory-server', version: '0.10.0', line: 37, locked: true, dev: true },
    ]);
  });
  it('reads pnpm-lock.yaml 9.0 and finds dev-only packages through the snapshots', () => {
    expect(rows(parseManifest(fx('npm', 'pnpm-v9', 'pnpm-lock.yaml')))).toEqual([
      { name: '@ioredis/commands', version: '1.2.0', line: 33, locked: true },
      { name: '@types/ioredis-mock', version: '8.2.5', line: 36, locked: true, dev: true },
      // A workspace package's devDependency, but also under the production ioredis.
      { name: 'denque', version: '2.1.0', line: 39, locked: true },
      { name: 'ioredis-mock', version: '8.9.0', line: 43, locked: true, dev: true },
      { name: 'ioredis', version: '5.3.2', line: 50, locked: true },
      { name: 'redis', version: '3.1.2', line: 54, locked: true },
    ]);
  });
  it('keeps what comes before a package.json or package-lock syntax error', () => {
    const pj = parseManifest(fx('npm', 'broken-package-json', 'package.json'));
    expect(pj.problems).toEqual([{ file: fx('npm', 'broken-package-json', 'package.json'), line: 6, message: "JSON syntax error: expected ',' or '}'" }]);
    expect(pj.dependencies.map((d) => d.name)).toEqual(['redis', 'ioredis']);
    const lock = parseManifest(fx('npm', 'broken-lock', 'package-lock.json'));
    expect(lock.problems).toEqual([{ file: fx('npm', 'broken-lock', 'package-lock.json'), line: 13, message: 'JSON syntax error: unterminated string' }]);
    expect(rows(lock)).toEqual([
      { name: 'redis', version: '4.6.13', line: 6, locked: true },
      { name: '@redis/client', version: '1.5.14', line: 9, locked: true },
      { name: 'cluster-key-slot', line: 12, locked: true },
    ]);
  });
  it('keeps the other entries of a yarn.lock v1 with a broken entry', () => {
    const r = parseManifest(fx('npm', 'broken-yarn-v1', 'yarn.lock'));
    expect(r.problems).toEqual([{ file: fx('npm', 'broken-yarn-v1', 'yarn.lock'), line: 10, message: 'yarn.lock syntax error: Unknown token: COLON' }]);
    expect(rows(r)).toEqual([
      { name: 'redis', version: '4.6.13', line: 4, locked: true },
      { name: 'denque', version: '2.1.0', line: 12, locked: true },
    ]);
  });
  it('reports YAML errors in berry and pnpm locks and keeps what the parser recovered', () => {
    const berry = parseManifest(fx('npm', 'broken-yarn-berry', 'yarn.lock'));
    expect(berry.problems).toEqual([{ file: fx('npm', 'broken-yarn-berry', 'yarn.lock'), line: 9,
      message: 'YAML syntax error: All mapping items must start at the same column' }]);
    expect(berry.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual(['ioredis@5.3.2', 'denque@2.1.0']);
    const pnpm = parseManifest(fx('npm', 'broken-pnpm', 'pnpm-lock.yaml'));
    expect(pnpm.problems).toHaveLength(1);
    expect(pnpm.problems[0]).toMatchObject({ file: fx('npm', 'broken-pnpm', 'pnpm-lock.yaml'), line: 16 });
    expect(pnpm.problems[0]?.message).toMatch(/^YAML syntax error: Flow map/);
    expect(pnpm.dependencies.map((d) => `${d.name}@${d.version}`)).toEqual(['redis@4.6.13', '@redis/client@1.5.14']);
  });
});

describe('parseManifest: go.mod', () => {
  it('reads require lines and blocks, indirect markers, replacements and pseudo-versions', () => {
    const r = parseManifest(fx('go', 'app', 'go.mod'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      { name: 'github.com/redis/go-redis/v9', declared: 'v9.5.1', range: '9.5.1', version: 'v9.5.1', line: 7 },
      { name: 'github.com/cespare/xxhash/v2', declared: 'v2.2.0', range: '2.2.0', version: 'v2.2.0', line: 10, indirect: true },
      { name: 'github.com/dgryski/go-rendezvous', declared: 'v0.0.0-20200823014737-9f7001d12a5f',
        range: '0.0.0-20200823014737-9f7001d12a5f', version: 'v0.0.0-20200823014737-9f7001d12a5f', line: 11, indirect: true },
      { name: 'github.com/go-redis/redis/v8', declared: 'v8.11.5', range: '8.11.5', version: 'v8.11.5', line: 12,
        replacedBy: 'github.com/example/redis-fork/v8 v8.11.6' },
      // The v1.8.8-only replacement does not apply to v1.8.9; the versionless one does.
      { name: 'github.com/gomodule/redigo', declared: 'v1.8.9', range: '1.8.9', version: 'v1.8.9', line: 13, indirect: true,
        replacedBy: '../vendor/redigo' },
      { name: 'github.com/garyburd/redigo', declared: 'v1.6.4+incompatible', range: '1.6.4', version: 'v1.6.4+incompatible', line: 14 },
      { name: 'github.com/alicebob/miniredis/v2', declared: 'v2.31.1', range: '2.31.1', version: 'v2.31.1', line: 15 },
    ]);
  });
  it('reports malformed lines, unknown directives and an unclosed block, and reads the rest', () => {
    const f = fx('go', 'broken', 'go.mod');
    const r = parseManifest(f);
    expect(r.problems).toEqual([
      { file: f, line: 7, message: 'require: expected a module path and a version' },
      { file: f, line: 8, message: 'require github.com/example/bad: invalid version v1.2' },
      { file: f, line: 11, message: 'unknown directive: requires' },
      { file: f, line: 13, message: 'require block is not closed with ")"' },
    ]);
    expect(rows(r)).toEqual([
      { name: 'github.com/redis/go-redis/v9', declared: 'v9.5.1', range: '9.5.1', version: 'v9.5.1', line: 6 },
      { name: 'github.com/example/bad', declared: 'v1.2', line: 8 },
      { name: 'github.com/alicebob/miniredis/v2', declared: 'v2.31.1', range: '2.31.1', version: 'v2.31.1', line: 14 },
    ]);
  });
});

describe('parseManifest: Maven and Gradle', () => {
  it('reads pom.xml with properties, dependencyManagement, ranges, test scope and profiles', () => {
    const r = parseManifest(fx('maven', 'app', 'pom.xml'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      { name: 'redis.clients:jedis', declared: '4.4.3', range: '4.4.3', version: '4.4.3', line: 41 },
      { name: 'io.lettuce:lettuce-core', declared: '6.3.2.RELEASE', range: '6.3.2', version: '6.3.2.RELEASE', line: 47 },
      { name: 'org.redisson:redisson', declared: '[3.20,4.0)', range: '>=3.20.0 <4.0.0', line: 52 },
      { name: 'org.springframework.data:spring-data-redis', declared: '3.2.1', range: '3.2.1', version: '3.2.1', line: 57 },
      { name: 'com.example:cache-common', declared: '3.4.0', range: '3.4.0', version: '3.4.0', line: 61 },
      { name: 'com.github.kstyrc:embedded-redis', declared: '[0.6]', range: '0.6.0', version: '0.6', line: 66, dev: true },
      { name: 'org.testcontainers:testcontainers', declared: '${testcontainers.version}', line: 72, dev: true },
      { name: 'io.micrometer:micrometer-core', declared: '(,1.12.1]', range: '<=1.12.1', line: 84 },
    ]);
  });
  it('resolves versions from parent POMs on disk: properties and dependencyManagement, the nearest parent winning', () => {
    const at = (...p: string[]) => rows(parseManifest(fx('maven', 'multi-module', ...p, 'pom.xml')));
    // ../pom.xml by default: ${lettuce.version}, and jedis managed by the parent with a nested property
    expect(at('cache')).toEqual([
      { name: 'io.lettuce:lettuce-core', declared: '6.3.2.RELEASE', range: '6.3.2', version: '6.3.2.RELEASE', line: 13 },
      { name: 'redis.clients:jedis', declared: '5.1.0', range: '5.1.0', version: '5.1.0', line: 18 },
    ]);
    // a relativePath naming a directory; its parent overrides lettuce.version, the top still manages jedis
    expect(at('services', 'orders')).toEqual([
      { name: 'io.lettuce:lettuce-core', declared: '6.1.10.RELEASE', range: '6.1.10', version: '6.1.10.RELEASE', line: 14 },
      { name: 'redis.clients:jedis', declared: '5.1.0', range: '5.1.0', version: '5.1.0', line: 19 },
    ]);
  });

  it('does not take a parent from disk that Maven takes from a repository (empty relativePath, other coordinates)', () => {
    for (const module of ['standalone', 'detached']) {
      const r = parseManifest(fx('maven', 'multi-module', module, 'pom.xml'));
      expect(r.problems, module).toEqual([]);
      expect(r.dependencies.map((d) => [d.name, d.declared, d.version]), module).toEqual([['io.lettuce:lettuce-core', '${lettuce.version}', undefined]]);
    }
  });

  it('ends a parent chain that loops or names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-pom-'));
    mkdirSync(join(dir, 'a'));
    const pom = (artifact: string, parent: string, rel: string, body = '') => `<project><groupId>g</groupId><artifactId>${artifact}</artifactId>`
      + `<parent><groupId>g</groupId><artifactId>${parent}</artifactId><version>1</version><relativePath>${rel}</relativePath></parent>${body}</project>`;
    const dep = '<dependencies><dependency><groupId>io.lettuce</groupId><artifactId>lettuce-core</artifactId><version>${lettuce.version}</version></dependency></dependencies>';
    writeFileSync(join(dir, 'pom.xml'), pom('top', 'a', 'a/pom.xml', '<properties><lettuce.version>6.2.0.RELEASE</lettuce.version></properties>'));
    writeFileSync(join(dir, 'a', 'pom.xml'), pom('a', 'top', '..', dep));
    expect(parseManifest(join(dir, 'a', 'pom.xml')).dependencies.map((d) => d.version)).toEqual(['6.2.0.RELEASE']);
    expect(parseManifest(join(dir, 'pom.xml')).dependencies).toEqual([]);
    writeFileSync(join(dir, 'a', 'pom.xml'), pom('a', 'top', '../missing', dep));
    expect(parseManifest(join(dir, 'a', 'pom.xml'))).toMatchObject({ problems: [], dependencies: [{ declared: '${lettuce.version}' }] });
  });

  it('reports an unclosed pom.xml with its line and keeps the dependencies read', () => {
    const f = fx('maven', 'broken', 'pom.xml');
    const r = parseManifest(f);
    expect(r.problems).toEqual([{ file: f, line: 2, message: "XML syntax error: Unclosed tag 'project'." }]);
    expect(r.dependencies.map((d) => [d.name, d.version, d.line])).toEqual([
      ['redis.clients:jedis', '5.1.0', 8], ['io.lettuce:lettuce-core', '6.3.2.RELEASE', 13]]);
  });
  it('reads build.gradle string and map notation, variables, platforms, dynamic versions; skips comments', () => {
    const f = fx('gradle', 'groovy', 'build.gradle');
    const r = parseManifest(f);
    expect(rows(r)).toEqual([
      { name: 'org.springframework.boot:spring-boot-gradle-plugin', declared: '3.2.1', range: '3.2.1', version: '3.2.1', line: 4 },
      { name: 'redis.clients:jedis', declared: '5.1.0', range: '5.1.0', version: '5.1.0', line: 19 },
      { name: 'io.lettuce:lettuce-core', declared: '6.3.2.RELEASE', range: '6.3.2', version: '6.3.2.RELEASE', line: 20 },
      { name: 'org.redisson:redisson', declared: '3.25.+', range: '>=3.25.0 <3.26.0', line: 21 },
      { name: 'org.springframework.boot:spring-boot-dependencies', declared: '3.2.1', range: '3.2.1', version: '3.2.1', line: 22 },
      { name: 'org.springframework.data:spring-data-redis', line: 23 },
      { name: 'com.github.ben-manes.caffeine:caffeine', declared: '[3.0,4.0)', range: '>=3.0.0 <4.0.0', line: 25 },
      { name: 'it.ozimov:embedded-redis', declared: '0.7.3!!', range: '0.7.3', version: '0.7.3', line: 29, dev: true },
      { name: 'org.testcontainers:testcontainers', declared: '$testcontainersVersion', line: 30, dev: true },
    ]);
    expect(r.problems).toEqual([{ file: f, line: 31, message: 'implementation: "just-a-name" is not group:name[:version]' }]);
  });
  it('reads build.gradle.kts calls, named arguments and typed vals', () => {
    const r = parseManifest(fx('gradle', 'kotlin', 'build.gradle.kts'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      { name: 'redis.clients:jedis', declared: '4.4.6', range: '4.4.6', version: '4.4.6', line: 9 },
      { name: 'io.lettuce:lettuce-core', declared: '6.3.+', range: '>=6.3.0 <6.4.0', line: 10 },
      { name: 'org.redisson:redisson', declared: '[3.20,)', range: '>=3.20.0', line: 11 },
      { name: 'com.redis:testcontainers-redis', declared: '2.0.1', range: '2.0.1', version: '2.0.1', line: 13, dev: true },
      { name: 'org.junit.platform:junit-platform-launcher', declared: '1.10.1', range: '1.10.1', version: '1.10.1', line: 14, dev: true },
    ]);
  });
  it('reads gradle.lockfile: dev when locked only for test configurations', () => {
    expect(rows(parseManifest(fx('gradle', 'gradle.lockfile')))).toEqual([
      { name: 'com.github.ben-manes.caffeine:caffeine', version: '3.1.8', line: 4, locked: true },
      { name: 'io.lettuce:lettuce-core', version: '6.3.2.RELEASE', line: 5, locked: true },
      { name: 'it.ozimov:embedded-redis', version: '0.7.3', line: 6, locked: true, dev: true },
      { name: 'redis.clients:jedis', version: '5.1.0', line: 7, locked: true },
    ]);
  });
  it('reports a line of gradle.lockfile that is not a lock entry', () => {
    const f = fx('gradle', 'broken-lockfile', 'gradle.lockfile');
    const r = parseManifest(f);
    expect(r.problems).toEqual([{ file: f, line: 3, message: 'not group:artifact:version=configurations: <<<<<<< HEAD' }]);
    expect(r.dependencies.map((d) => d.name)).toEqual(['redis.clients:jedis', 'io.lettuce:lettuce-core']);
  });
});

describe('parseManifest: RubyGems', () => {
  it('reads Gemfile constraints, options, group blocks and group options', () => {
    const r = parseManifest(fx('ruby', 'app', 'Gemfile'));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      { name: 'rails', declared: '~> 7.1.2', range: '>=7.1.2 <7.2.0', line: 8 },
      { name: 'redis', declared: '~> 4.8, >= 4.8.1', range: '>=4.8.0 <5.0.0 >=4.8.1', line: 9 },
      { name: 'redis-namespace', declared: '1.11.0', range: '1.11.0', version: '1.11.0', line: 10 },
      { name: 'hiredis-client', line: 11 },
      { name: 'sidekiq', declared: '>= 7, < 8', range: '>=7.0.0 <8.0.0', line: 12 },
      { name: 'connection_pool', line: 13 },
      { name: 'kredis', declared: '~> 1.7', range: '>=1.7.0 <2.0.0', line: 14 },
      { name: 'debug', declared: '>= 1.0', range: '>=1.0.0', line: 17 },
      { name: 'rspec-rails', declared: '~> 6.1', range: '>=6.1.0 <7.0.0', line: 21, dev: true },
      { name: 'mock_redis', declared: '0.40.0', range: '0.40.0', version: '0.40.0', line: 22, dev: true },
      { name: 'simplecov', line: 24, dev: true },
      { name: 'fakeredis', line: 28, dev: true },
      { name: 'bootsnap', line: 29 },
    ]);
  });
  it('reads the specs of Gemfile.lock GEM and GIT sections, platform suffixes dropped', () => {
    expect(rows(parseManifest(fx('ruby', 'app', 'Gemfile.lock')))).toEqual([
      { name: 'connection_pool', version: '2.4.1', line: 6, locked: true },
      { name: 'hiredis-client', version: '0.19.1', line: 11, locked: true },
      { name: 'nokogiri', version: '1.15.5', line: 13, locked: true },
      { name: 'racc', version: '1.7.3', line: 15, locked: true },
      { name: 'rails', version: '7.1.2', line: 16, locked: true },
      { name: 'redis', version: '4.8.1', line: 17, locked: true },
      { name: 'redis-client', version: '0.19.1', line: 18, locked: true },
      { name: 'redis-namespace', version: '1.11.0', line: 20, locked: true },
      { name: 'sidekiq', version: '7.2.0', line: 22, locked: true },
      { name: 'rspec-rails', version: '6.1.0.rc1', line: 25, locked: true },
    ]);
  });
  it('reads gemspec runtime and development dependencies, %q and array forms', () => {
    expect(rows(parseManifest(fx('ruby', 'app', 'cache_store.gemspec')))).toEqual([
      { name: 'redis', declared: '>= 4.2, < 6', range: '>=4.2.0 <6.0.0', line: 9 },
      { name: 'connection_pool', declared: '~> 2.2', range: '>=2.2.0 <3.0.0', line: 10 },
      { name: 'msgpack', line: 11 },
      { name: 'rspec', declared: '~> 3.12', range: '>=3.12.0 <4.0.0', line: 12, dev: true },
    ]);
  });
  it('reports conflict markers and a bad spec line in Gemfile.lock, reading both sides', () => {
    const f = fx('ruby', 'broken', 'Gemfile.lock');
    const r = parseManifest(f);
    expect(r.problems).toEqual([
      { file: f, line: 5, message: 'unresolved merge conflict markers' },
      { file: f, line: 10, message: 'not a "name (version)" spec line: redis-client 0.19.1' },
    ]);
    expect(r.dependencies.map((d) => `${d.name} ${d.version}`)).toEqual(['connection_pool 2.4.1', 'redis 5.0.8', 'redis 4.8.1', 'sidekiq 7.2.0']);
  });
  it('reports an unclosed block and a stray end in a Gemfile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rul-gem-'));
    writeFileSync(join(dir, 'Gemfile'), "gem 'redis'\nend\ngroup :test do\n  gem 'rspec'\n");
    const r = parseManifest(join(dir, 'Gemfile'));
    expect(r.problems).toEqual([
      { file: join(dir, 'Gemfile'), line: 2, message: '"end" without an open block' },
      { file: join(dir, 'Gemfile'), line: 3, message: 'block is not closed with "end"' },
    ]);
    expect(r.dependencies.map((d) => [d.name, d.dev ?? false])).toEqual([['redis', false], ['rspec', true]]);
  });
});

describe('parseManifest never throws', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rul-man-'));
    writeFileSync(join(dir, 'package.json'), Buffer.from([0x7b, 0x00, 0x7d]));
    writeFileSync(join(dir, 'Pipfile.lock'), '[1, 2]');
    writeFileSync(join(dir, 'poetry.lock'), '');
    writeFileSync(join(dir, 'go.mod'), 'module "unterminated\n');
  });
  it('reports a missing file', () => {
    expect(parseManifest(join(dir, 'nope', 'go.mod'))).toEqual({ dependencies: [],
      problems: [{ file: join(dir, 'nope', 'go.mod'), message: 'cannot read the file (ENOENT)', unread: true }] });
  });
  it('reports a directory, a binary file and an unknown name', () => {
    const asDir = join(dir, 'pom.xml');
    mkdirSync(asDir);
    expect(parseManifest(asDir).problems[0]?.message).toBe('cannot read the file (EISDIR)');
    expect(parseManifest(join(dir, 'package.json')).problems).toEqual([
      { file: join(dir, 'package.json'), message: 'binary file, not a dependency manifest', unread: true }]);
    expect(parseManifest(join(dir, 'redis.conf')).problems).toEqual([
      { file: join(dir, 'redis.conf'), message: 'not a dependency manifest this tool reads' }]);
  });
  it('reports a lock file of the wrong shape and accepts an empty one', () => {
    expect(parseManifest(join(dir, 'Pipfile.lock')).problems).toEqual([{ file: join(dir, 'Pipfile.lock'), message: 'not a JSON object' }]);
    expect(parseManifest(join(dir, 'poetry.lock'))).toEqual({ dependencies: [], problems: [] });
  });
  it('reports an unterminated string in go.mod', () => {
    expect(parseManifest(join(dir, 'go.mod')).problems).toEqual([{ file: join(dir, 'go.mod'), line: 1, message: 'unterminated string' }]);
  });
  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', () => {
    const f = join(dir, 'Gemfile');
    writeFileSync(f, "gem 'redis'\n");
    chmodSync(f, 0o000);
    expect(parseManifest(f).problems).toEqual([{ file: f, message: 'cannot read the file (EACCES)' }]);
  });
  it('keeps every problem message on one line', () => {
    const f = join(dir, 'pyproject.toml');
    writeFileSync(f, '[project]\ndependencies = [\n  "redis",\n  oops\n]\n');
    const r = parseManifest(f);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).not.toMatch(/\n/);
    expect(r.problems[0]?.line).toBe(4);
  });
});
