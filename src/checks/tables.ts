import type { DirectiveSpec, DirectivesTable } from '../rulepack/types.js';

/** A config value in a form where case and runs of blanks do not matter, for comparing defaults. */
export function normalizeValue(v: string): string {
  return v.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Directive look-ups on one release line's table, aliases resolved. */
export class DirectiveLookup {
  private readonly aliasesOf = new Map<string, string[]>();

  constructor(readonly table: DirectivesTable) {
    for (const [name, spec] of Object.entries(table.directives)) {
      if (spec.aliasOf) this.aliasesOf.set(spec.aliasOf, [...(this.aliasesOf.get(spec.aliasOf) ?? []), name]);
    }
  }

  get label(): string {
    return `${this.table.flavor} ${this.table.line}`;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.table.directives, name);
  }

  /** The entry for a name, or undefined when the line does not accept it. */
  spec(name: string): DirectiveSpec | undefined {
    return this.has(name) ? this.table.directives[name] : undefined;
  }

  /** The canonical name (the alias target), or the name itself. */
  canonical(name: string): string {
    return this.spec(name)?.aliasOf ?? name;
  }

  /** The spec that carries the type: the canonical entry for an alias. */
  effective(name: string): DirectiveSpec | undefined {
    const spec = this.spec(name);
    return spec?.aliasOf ? this.spec(spec.aliasOf) : spec;
  }

  /** Every name that means the same directive on this line: canonical name and aliases. */
  names(name: string): string[] {
    const canonical = this.canonical(name);
    return [canonical, ...(this.aliasesOf.get(canonical) ?? [])];
  }
}
