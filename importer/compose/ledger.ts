/** What happened to one compose field. */
export type FieldStatus = "mapped" | "transformed" | "not mapped";

/** One line of IMPORT.md: a compose path, its fate, and for the rest what to do. */
export interface LedgerEntry {
  /** Compose path, e.g. `services.web.ports`. */
  readonly path: string;
  readonly status: FieldStatus;
  /** Mapped: what it became. Transformed: how. Not mapped: why. */
  readonly note: string;
  /** What to do about it (transformed and not mapped). */
  readonly fix?: string;
  /** Set when the entry moved a value to config because it looks like a secret. */
  readonly sensitive?: boolean;
}

/** The record of every field the importer read: nothing leaves without a line here. */
export class Ledger {
  readonly entries: LedgerEntry[] = [];
  mapped(path: string, note: string): void {
    this.entries.push({ path, status: "mapped", note });
  }
  transformed(path: string, note: string, fix?: string, sensitive = false): void {
    this.entries.push({ path, status: "transformed", note, ...(fix ? { fix } : {}), ...(sensitive ? { sensitive } : {}) });
  }
  notMapped(path: string, note: string, fix: string): void {
    this.entries.push({ path, status: "not mapped", note, fix });
  }
  /** Paths of entries with a status, for the round-trip comparison. */
  pathsWith(status: FieldStatus): string[] {
    return this.entries.filter((e) => e.status === status).map((e) => e.path);
  }
}
