import { describe, expect, it } from "vitest";
import {
  type ActiveActivation,
  type ListPage,
  type ProviderClient,
  ProviderError,
} from "@/lib/provider";
import { MAX_LIST_ROWS } from "@/lib/provider/limits";
import { fetchActiveList, MAX_PAGES, PAGE_LIMIT } from "./list-pages";

// How sync walks the provider's pages, against a fake client: every way a provider pages (or
// does not), and the failures that must leave the list marked incomplete.

const row = (n: number): ActiveActivation => ({
  activationId: String(1000 + n),
  serviceCode: "tg",
  phoneNumber: "5511",
  activationCost: 0.1,
  activationStatus: "4",
  smsCodes: [],
  smsText: null,
  activationTime: null,
  countryCode: "73",
  countryName: null,
  canGetAnotherSms: true,
  currency: 840,
});
const rows = (count: number) => Array.from({ length: count }, (_, i) => row(i));

function client(answer: (page: ListPage) => ActiveActivation[] | Error) {
  const pages: ListPage[] = [];
  const fake = {
    getActiveActivations: async (page?: ListPage) => {
      if (!page) throw new Error("sync always asks for a page");
      pages.push(page);
      const result = answer(page);
      if (result instanceof Error) throw result;
      return result;
    },
  } as unknown as ProviderClient;
  return { fake, pages };
}

/** A provider that pages like HeroSMS over `all`. */
const paging = (all: ActiveActivation[]) => (p: ListPage) => all.slice(p.start, p.start + p.limit);

describe("fetchActiveList", () => {
  // Each walk now ends on an empty page, not on a short one, and the next `start` is past the
  // rows that came: one request more than before for most lists. That is the intended change (a
  // short page may be the provider's cap), not a looser test.
  it.each([
    [0, [0]],
    [1, [0, 1]],
    [99, [0, 99]],
    [100, [0, 100]],
    [101, [0, 100, 101]],
    [250, [0, 100, 200, 250]],
    [300, [0, 100, 200, 300]],
  ])("pages through %i rows until an empty page", async (count, starts) => {
    const { fake, pages } = client(paging(rows(count)));
    const list = await fetchActiveList(fake);
    expect(list.rows.map((r) => r.activationId)).toEqual(rows(count).map((r) => r.activationId));
    expect(list.complete).toBe(true);
    expect(pages.map((p) => p.start)).toEqual(starts);
    expect(pages.every((p) => p.limit === PAGE_LIMIT)).toBe(true);
  });

  it("reads every row of a provider that serves fewer rows a page than asked (50 of 300)", async () => {
    const all = rows(300);
    const { fake, pages } = client((p) => all.slice(p.start, p.start + Math.min(p.limit, 50)));
    const list = await fetchActiveList(fake);
    expect(list.rows.map((r) => r.activationId)).toEqual(all.map((r) => r.activationId));
    expect(list).toMatchObject({ complete: true, pages: 7 });
    expect(pages.map((p) => p.start)).toEqual([0, 50, 100, 150, 200, 250, 300]);
  });

  it("takes a short first page answered again for a provider without paging: whole", async () => {
    const { fake, pages } = client(() => rows(30));
    const list = await fetchActiveList(fake);
    expect(list).toMatchObject({ complete: true, pages: 2 });
    expect(list.rows).toHaveLength(30);
    expect(pages.map((p) => p.start)).toEqual([0, 30]);
  });

  it("calls the list incomplete when the first page comes back after pages that advanced", async () => {
    const all = rows(200);
    const { fake } = client((p) =>
      p.start >= 100 ? all.slice(0, 50) : all.slice(p.start, p.start + 50),
    );
    const list = await fetchActiveList(fake);
    expect(list).toMatchObject({ complete: false, pages: 3 });
    expect(list.rows).toHaveLength(100);
  });

  it("takes everything from a provider that ignores the parameters, in one request", async () => {
    const { fake, pages } = client(() => rows(250));
    const list = await fetchActiveList(fake);
    expect(list).toMatchObject({ complete: true, pages: 1 });
    expect(list.rows).toHaveLength(250);
    expect(pages).toHaveLength(1);
  });

  it("stops when `start` is ignored (the first page again), and calls the list incomplete", async () => {
    const { fake, pages } = client(() => rows(PAGE_LIMIT));
    const list = await fetchActiveList(fake);
    expect(list).toMatchObject({ complete: false, pages: 2 });
    expect(list.rows).toHaveLength(PAGE_LIMIT);
    expect(pages).toHaveLength(2);
  });

  it("counts a row seen on two pages once (the list shifted between pages)", async () => {
    const all = rows(150);
    // After the first page the list moved on by one row: the next page starts with its last row.
    const { fake } = client((p) =>
      p.start === 0 ? all.slice(0, 100) : all.slice(p.start - 1, p.start - 1 + p.limit),
    );
    const list = await fetchActiveList(fake);
    expect(list.rows).toHaveLength(150);
    expect(list.complete).toBe(true);
  });

  it("keeps the pages before a failing one, marked incomplete, with the failure", async () => {
    const failure = new ProviderError("ERROR_SQL");
    const { fake } = client((p) => (p.start === 200 ? failure : paging(rows(350))(p)));
    const list = await fetchActiveList(fake);
    expect(list).toMatchObject({ complete: false, pages: 2, failure });
    expect(list.rows).toHaveLength(200);
  });

  it("throws when the first page fails, as the single request did", async () => {
    const { fake } = client(() => new ProviderError("BAD_KEY"));
    await expect(fetchActiveList(fake)).rejects.toMatchObject({ code: "BAD_KEY" });
  });

  it(`asks at most ${MAX_PAGES} pages of a provider whose pages never end`, async () => {
    let n = 0;
    const { fake, pages } = client(() => Array.from({ length: PAGE_LIMIT }, () => row(n++)));
    const list = await fetchActiveList(fake);
    expect(pages).toHaveLength(MAX_PAGES);
    expect(list).toMatchObject({ complete: false, pages: MAX_PAGES });
  });

  it("calls an answer cut at the parser's bound incomplete (it may have had more rows)", async () => {
    const { fake } = client(() => rows(MAX_LIST_ROWS));
    expect(await fetchActiveList(fake)).toMatchObject({ complete: false, pages: 1 });
  });

  it("asks no further page once the lease is lost", async () => {
    let holds = true;
    const { fake, pages } = client((p) => {
      holds = false;
      return paging(rows(300))(p);
    });
    const list = await fetchActiveList(fake, () => holds);
    expect(pages).toHaveLength(1);
    expect(list).toMatchObject({ complete: false, pages: 1 });
  });
});

describe("fetchActiveList with the rows we hold as active", () => {
  const ids = (all: ActiveActivation[]) => new Set(all.map((r) => r.activationId));

  it("stops on a short page that showed every one of them, without the empty-page request", async () => {
    const all = rows(250);
    const { fake, pages } = client(paging(all));
    const list = await fetchActiveList(fake, () => true, ids(all));
    expect(pages.map((p) => p.start)).toEqual([0, 100, 200]);
    expect(list).toMatchObject({ complete: true });
    expect(list.rows).toHaveLength(250);
  });

  it("goes on past a short page while one of them is missing (a provider capping pages at 50)", async () => {
    const all = rows(120);
    const capped = (p: ListPage) => all.slice(p.start, p.start + Math.min(p.limit, 50));
    const { fake, pages } = client(capped);
    const list = await fetchActiveList(fake, () => true, ids(all.slice(100)));
    expect(pages.map((p) => p.start)).toEqual([0, 50, 100]);
    expect(list).toMatchObject({ complete: true });
    expect(list.rows).toHaveLength(120);
  });

  it("walks to the empty page when one it holds is gone from the provider's list", async () => {
    const all = rows(30);
    const { fake, pages } = client(paging(all));
    const list = await fetchActiveList(fake, () => true, new Set([...ids(all), "999999"]));
    expect(pages.map((p) => p.start)).toEqual([0, 30]);
    expect(list).toMatchObject({ complete: true });
  });
});
