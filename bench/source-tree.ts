import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { globSync } from 'tinyglobby';

/**
 * Generates a monorepo-like source tree for the source-scan benchmark: most files use no Redis
 * client, a few percent do, in every scanned language; plus directories both the scanner and
 * ripgrep must skip (node_modules, a .gitignore'd directory, a nested .gitignore, ignored files).
 */

export interface TreeOptions {
  /** Files to search (outside the ignored directories). */
  files: number;
  /** Share of them that use a Redis client (0.05–0.10 in a real monorepo). */
  redisShare: number;
}

export interface GeneratedTree {
  root: string;
  /** Files both sides must search. */
  searched: number;
  /** Of those, files that use a Redis client (copies of the fixtures and samples). */
  redisFiles: number;
  /** Their paths (relative to root). */
  redisPaths: string[];
  /** Of those, this repository's own src/ and test/ files, copied as they are. */
  repoFiles: number;
  /** Files written where both sides must not look (node_modules, ignored directories and files). */
  ignored: number;
  /** Searched files by extension. */
  byExtension: Record<string, number>;
}

/** A small deterministic generator (mulberry32), so every run builds the same tree. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The comment marker of each scanned extension the tree uses (other fixture files are left out). */
const COMMENT: Record<string, string> = {
  '.py': '#', '.rb': '#', '.lua': '--', '.js': '//', '.ts': '//', '.tsx': '//', '.go': '//', '.java': '//',
};

function withNote(text: string, ext: string, note: string): string {
  return `${text}${text.endsWith('\n') ? '' : '\n'}${COMMENT[ext] ?? '//'} ${note}\n`;
}

/** Case-preserving replacement of the words that would make a plain file look like Redis code. */
function neutral(text: string): string {
  return text.replace(/redis|valkey/gi, (w) => (w === w.toUpperCase() ? 'STORE' : w[0] === w[0]?.toUpperCase() ? 'Store' : 'store'));
}

const WORDS = ['order', 'invoice', 'user', 'account', 'report', 'metric', 'ticket', 'payment', 'shipment', 'profile', 'catalog', 'review'];

/** Plain (non-Redis) code in a language, of a varied size, with names that depend on `n`. */
function plainSource(ext: string, n: number, r: () => number): string {
  const blocks = 2 + Math.floor(r() * 14);
  const w = (i: number) => `${WORDS[(n + i) % WORDS.length]}${n}_${i}`;
  const out: string[] = [];
  switch (ext) {
    case '.py':
      out.push(`"""Module ${n}: helpers for ${WORDS[n % WORDS.length]} records."""`, 'import json', 'import os', 'from dataclasses import dataclass', '');
      for (let i = 0; i < blocks; i++) {
        out.push('@dataclass', `class ${w(i).replace(/^./, (c) => c.toUpperCase())}:`, '    name: str', `    value: int = ${i}`, '',
          `def load_${w(i)}(path, limit=${i + 10}):`, '    with open(os.path.join(path, "data.json")) as f:', '        rows = json.load(f)',
          '    return [row for row in rows[:limit] if row.get("active")]', '');
      }
      break;
    case '.go':
      out.push(`package pkg${n % 97}`, '', 'import (', '\t"fmt"', '\t"strings"', ')', '');
      for (let i = 0; i < blocks; i++) {
        out.push(`// ${w(i)} joins the parts of a record.`, `func Join_${w(i)}(parts []string) string {`, `\tif len(parts) > ${i + 3} {`,
          `\t\tparts = parts[:${i + 3}]`, '\t}', `\treturn fmt.Sprintf("%s-%d", strings.Join(parts, ","), ${i})`, '}', '');
      }
      break;
    case '.java':
      out.push(`package com.example.m${n % 89};`, '', 'import java.util.ArrayList;', 'import java.util.List;', '', `public class Plain${n} {`);
      for (let i = 0; i < blocks; i++) {
        out.push(`    public List<String> ${w(i)}(List<String> in) {`, '        List<String> out = new ArrayList<>();',
          `        for (String s : in) if (s.length() > ${i}) out.add(s.trim());`, '        return out;', '    }', '');
      }
      out.push('}');
      break;
    case '.js':
      out.push(`'use strict';`, `const path = require('node:path');`, '');
      for (let i = 0; i < blocks; i++) {
        out.push(`function ${w(i)}(items) {`, `  return items.filter((x) => x.size > ${i}).map((x) => path.join(x.dir, x.name));`, '}', '');
      }
      out.push(`module.exports = { ${Array.from({ length: blocks }, (_, i) => w(i)).join(', ')} };`);
      break;
    case '.rb':
      out.push(`module Plain${n}`);
      for (let i = 0; i < blocks; i++) {
        out.push(`  def self.${w(i)}(rows)`, `    rows.select { |r| r[:size] > ${i} }.map { |r| r[:name].strip }`, '  end', '');
      }
      out.push('end');
      break;
    case '.lua':
      out.push(`local M${n} = {}`);
      for (let i = 0; i < blocks; i++) {
        out.push(`function M${n}.${w(i)}(t)`, '  local out = {}', `  for _, v in ipairs(t) do if #v > ${i} then out[#out + 1] = v end end`, '  return out', 'end', '');
      }
      out.push(`return M${n}`);
      break;
    default:
      throw new Error(`no plain template for ${ext}`);
  }
  return `${out.join('\n')}\n`;
}

function write(root: string, rel: string, text: string): void {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
}

const AREAS = ['core', 'api', 'jobs', 'util', 'web', 'data'];

/** The nested directory of the i-th generated file: packages/pkg-A/src/AREA/mM (about 24 files each). */
function dirOf(i: number): string {
  const d = Math.floor(i / 24);
  return `packages/pkg-${d % 30}/src/${AREAS[Math.floor(d / 30) % AREAS.length]}/m${Math.floor(d / 180)}`;
}

/**
 * Writes the tree under `root` (which must exist and be empty). `repo` is this repository: its
 * `fixtures/rules/source/**` files and `bench/fixtures/source/**` samples are the Redis-using
 * files (copied with a varied comment line), its `src/**` and `test/**` TypeScript files are
 * copied once as they are, and, with Redis words neutralised and a varied comment, are the bulk
 * of the plain TypeScript; plain files of the other languages come from templates.
 */
export function generateSourceTree(root: string, repo: string, opts: TreeOptions): GeneratedTree {
  const r = rng(20261121);
  const byExtension: Record<string, number> = {};
  let searched = 0;
  const add = (rel: string, text: string) => {
    write(root, rel, text);
    const ext = extname(rel);
    byExtension[ext] = (byExtension[ext] ?? 0) + 1;
    searched++;
  };

  // Ignored by both sides: node_modules (vendored for the scanner, in .gitignore for rg), a
  // .gitignore'd directory, a nested .gitignore and ignored file names.
  write(root, '.gitignore', 'node_modules/\ngenerated/\n*.gen.py\n');
  write(root, 'packages/pkg-3/.gitignore', 'tmp/\n');

  const samples = [
    ...globSync(['fixtures/rules/source/**/*'], { cwd: repo, onlyFiles: true }),
    ...globSync(['bench/fixtures/source/**/*'], { cwd: repo, onlyFiles: true }),
  ].filter((rel) => extname(rel) in COMMENT).sort().map((rel) => ({ rel, ext: extname(rel), text: readFileSync(join(repo, rel), 'utf8') }));
  const own = globSync(['src/**/*.ts', 'test/**/*.ts'], { cwd: repo, onlyFiles: true }).sort()
    .map((rel) => ({ rel, text: readFileSync(join(repo, rel), 'utf8') }));
  const exts = new Set(samples.map((s) => s.ext));
  for (const e of ['.py', '.js', '.ts', '.go', '.java', '.rb', '.lua']) {
    if (!exts.has(e)) throw new Error(`no Redis-using sample with extension ${e} under fixtures/rules/source or bench/fixtures/source`);
  }

  const py = samples.find((s) => s.ext === '.py') as (typeof samples)[number];
  let ignored = 0;
  for (let i = 0; i < 600; i++) {
    const s = samples[i % samples.length] as (typeof samples)[number];
    write(root, `node_modules/dep-${i % 40}/lib/${i}${s.ext}`, withNote(s.text, s.ext, `vendored copy ${i}`));
    write(root, `generated/g${i % 20}/${i}${s.ext}`, withNote(s.text, s.ext, `generated copy ${i}`));
    ignored += 2;
  }
  for (let i = 0; i < 100; i++) { write(root, `packages/pkg-3/tmp/t${i}.py`, withNote(py.text, '.py', `tmp ${i}`)); ignored++; }

  // This repository as it is.
  for (const f of own) add(`tools/redis-upgrade-lint/${f.rel}`, f.text);
  const repoFiles = own.length;

  const rest = opts.files - repoFiles;
  const redisCount = Math.round(opts.files * opts.redisShare);
  const plainCount = rest - redisCount;
  // Which slots hold Redis-using files: spread over the tree, not clustered.
  const kinds: ('redis' | 'plain')[] = [...Array<'redis'>(redisCount).fill('redis'), ...Array<'plain'>(plainCount).fill('plain')];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as 'redis' | 'plain', kinds[i] as 'redis' | 'plain'];
  }
  // Plain files by language, as in a mostly-TypeScript monorepo with services in other languages.
  const mix: [string, number][] = [['.ts', 0.55], ['.py', 0.15], ['.go', 0.08], ['.java', 0.08], ['.js', 0.07], ['.rb', 0.04], ['.lua', 0.03]];
  let redisN = 0;
  let plainN = 0;
  const redisPaths: string[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const dir = dirOf(i);
    if (kinds[i] === 'redis') {
      const s = samples[redisN % samples.length] as (typeof samples)[number];
      const stem = basename(s.rel, s.ext);
      const rel = `${dir}/${stem}-${i}${s.ext}`;
      add(rel, withNote(s.text, s.ext, `copy ${redisN} of ${s.rel}`));
      redisPaths.push(rel);
      redisN++;
      if (i % 97 === 0) {
        write(root, `${dir}/${stem}-${i}.gen.py`, withNote(py.text, '.py', `ignored ${i}`));
        ignored++;
      }
      continue;
    }
    let x = r();
    let ext = '.ts';
    for (const [e, share] of mix) { if (x < share) { ext = e; break; } x -= share; }
    if (ext === '.ts') {
      const f = own[plainN % own.length] as (typeof own)[number];
      add(`${dir}/${basename(f.rel, '.ts')}-${i}.ts`, withNote(neutral(f.text), '.ts', `variant ${plainN} of ${f.rel}`));
    } else {
      add(`${dir}/${ext === '.java' ? `Plain${i}` : `plain_${i}`}${ext}`, plainSource(ext, i, r));
    }
    plainN++;
  }
  return { root, searched, redisFiles: redisN, redisPaths, repoFiles, ignored, byExtension };
}
