import { type Kysely, PostgresAdapter, SqliteAdapter } from "kysely";
import { describe, expect, it } from "vitest";
import { engineOf } from "./engine";

// The handle's adapter may come from another copy of kysely than this module's (the production
// build bundles kysely more than once): the engine must be told by what the adapter does.
// biome-ignore lint/suspicious/noExplicitAny: a stand-in for a handle.
const handle = (adapter: object) => ({ getExecutor: () => ({ adapter }) }) as unknown as Kysely<any>;

describe("engineOf", () => {
  it("knows kysely's own adapters", () => {
    expect(engineOf(handle(new PostgresAdapter()))).toBe("postgres");
    expect(engineOf(handle(new SqliteAdapter()))).toBe("sqlite");
  });

  it("knows a PostgreSQL adapter of another copy of kysely (no instance of this copy's class)", () => {
    class ForeignPostgresAdapter {
      get supportsTransactionalDdl() {
        return true;
      }
    }
    class ForeignSqliteAdapter {
      get supportsTransactionalDdl() {
        return false;
      }
    }
    expect(new ForeignPostgresAdapter()).not.toBeInstanceOf(PostgresAdapter);
    expect(engineOf(handle(new ForeignPostgresAdapter()))).toBe("postgres");
    expect(engineOf(handle(new ForeignSqliteAdapter()))).toBe("sqlite");
  });
});
