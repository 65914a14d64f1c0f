import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { activationsQueryKey, activationsQueryOptions, fetchActivations } from "./client-queries";
import type { ActivationDto, ActivationsData, ActivationsPage } from "./dto";
import { activationRow, FIXTURE_NOW, keyTiming } from "./test-fixtures";

const NOW = FIXTURE_NOW;
const row = (id: string, over: Partial<ActivationDto> = {}) =>
  activationRow({ id, purchasedAtMs: NOW - Number(id) * 1000, updatedAtMs: NOW - 60_000, ...over });

const page = (activations: ActivationDto[], full: boolean): ActivationsPage => ({
  serverNowMs: NOW,
  keys: [keyTiming("k1")],
  activations,
  cursor: `${NOW}.scope`,
  full,
});

afterEach(() => vi.unstubAllGlobals());

describe("the table's query", () => {
  it("caches the merge's own list, not a structurally shared copy of it", async () => {
    const answers = [
      page([row("1"), row("2"), row("3")], true),
      page([row("2", { state: "code_received", updatedAtMs: NOW })], false),
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json(answers.shift(), { headers: { ETag: '"e"' } })),
    );
    const client = new QueryClient();
    const merged: ActivationsData[] = [];
    const options = {
      ...activationsQueryOptions(),
      queryFn: async (context: { client: QueryClient }) => {
        const data = await fetchActivations(context);
        merged.push(data);
        return data;
      },
    };
    const first = await client.fetchQuery(options);
    await client.refetchQueries({ queryKey: activationsQueryKey });
    const cached = client.getQueryData<ActivationsData>(activationsQueryKey);
    expect(cached?.activations).toBe(merged[1]?.activations);
    expect(cached?.activations[1]?.state).toBe("code_received");
    // Unchanged rows keep their objects (the merge's sharing, which the rows' memo relies on).
    expect(cached?.activations[0]).toBe(first.activations[0]);
    expect(cached?.activations[2]).toBe(first.activations[2]);
  });
});
