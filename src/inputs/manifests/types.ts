/** The package ecosystems whose manifests are read. */
export type Ecosystem = 'pypi' | 'npm' | 'go' | 'maven' | 'rubygems';

/**
 * One dependency as a manifest or lock file declares it.
 * `version` is an exact resolved version (from a lock file, or an exact pin such as `redis==4.6.0`);
 * `range` is what the manifest allows, as written, converted to a node-semver range when possible
 * (`>=3.0,<4` → `>=3.0.0 <4.0.0`); both may be present, neither when nothing is said.
 */
export interface Dependency {
  ecosystem: Ecosystem;
  /** Normalised package name: PyPI names lowercased with `_`/`.` as `-`; Maven as `group:artifact`; Go as the module path. */
  name: string;
  version?: string;
  range?: string;
  /** The range exactly as the file wrote it, for messages. */
  declared?: string;
  file: string;
  /** 1-based line of the declaration, when the format has lines. */
  line?: number;
  /** True for dev/test-only dependencies (devDependencies, dev groups, test scope). */
  dev?: boolean;
  /** True when found in a lock file (an installed version) rather than a manifest. */
  locked?: boolean;
  /** True for a requirement the module does not import itself (go.mod `// indirect`). */
  indirect?: boolean;
  /**
   * True for the project a manifest describes, not one of its dependencies: its own name and
   * version (package.json `name`/`version`, pyproject `[project]`, setup.py `setup(name=, version=)`).
   * A client library's own repository is at that version of the library.
   */
  self?: boolean;
  /**
   * With `self`: the directories that hold the project's own importable code (setup.py
   * `packages=[...]`, relative to the manifest's directory), where the library is implemented rather than used.
   */
  implementation?: string[];
  /** What a go.mod `replace` directive substitutes: `path version`, or a local directory. */
  replacedBy?: string;
}

/** The entries that are dependencies of a project, without the projects themselves (`self`): what manifest rules judge and reports count. */
export function dependenciesOnly(list: readonly Dependency[]): Dependency[] {
  return list.filter((d) => !d.self);
}

/**
 * A manifest that could not be read in full: one line naming file and, when known, line. `unread`:
 * nothing of the file could be read (unreadable, or binary).
 */
export interface ManifestProblem { file: string; line?: number; message: string; unread?: true }

export interface ManifestResult { dependencies: Dependency[]; problems: ManifestProblem[] }
