/**
 * One set of page limits: the request schema, the OpenAPI document, the engine's pageOf
 * and the SQL compiler agree on every page; beyond them a request is a 400 naming the field.
 */
import { parse } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { FIXTURE_NOW, FIXTURE_ZONE, fixtureDataset } from "../../jql/src/testing/fixture-dataset.js";
import { compileDirect, createCompilerCatalog, createPermissionContext } from "./db/compiler/index.js";
import { pageOf } from "./engine/search.js";
import { isSubqError } from "./errors.js";
import { testApp, url } from "./http/testing/test-app.js";
import { PAGE_LIMITS } from "./page-limits.js";

const { maxStartAt, maxResults, defaultMaxResults } = PAGE_LIMITS;
const catalog = fixtureDataset.catalog;
const compiler = createCompilerCatalog(catalog, { timeZone: FIXTURE_ZONE });
const request = {
  search: { user: "bob", now: FIXTURE_NOW },
  permissions: createPermissionContext(catalog, "bob"),
};
const query = parse("project IS NOT EMPTY ORDER BY key");

/** Whether each layer takes the page: the engine's pageOf and the compiler. */
function accepted(page: { startAt?: number; maxResults?: number }) {
  let engine = true;
  try {
    pageOf(page);
  } catch (error) {
    if (!isSubqError(error, "E_BAD_REQUEST")) throw error;
    engine = false;
  }
  let compiled = true;
  try {
    compileDirect(query, compiler, request, { startAt: page.startAt ?? 0, maxResults: page.maxResults ?? 1 });
  } catch {
    compiled = false;
  }
  return { engine, compiled };
}

async function searchStatus(page: Record<string, unknown>) {
  const { request: send, engine } = testApp();
  const res = await send(url("search"), { method: "POST", json: { jql: "", user: null, ...page } });
  const body = (await res.json()) as { error?: { where?: string; message: string } };
  return { status: res.status, error: body.error, reached: engine.calls.length > 0 };
}

describe("page limits", () => {
  it("are what the OpenAPI document says", async () => {
    const res = await testApp().app.request("/openapi.json");
    const doc = (await res.json()) as {
      components: { schemas: { SearchRequest: { properties: Record<string, Record<string, unknown>> } } };
    };
    const { startAt, maxResults: size } = doc.components.schemas.SearchRequest.properties;
    expect(startAt).toMatchObject({ type: "integer", minimum: 0, maximum: maxStartAt, default: 0 });
    expect(size).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: maxResults,
      default: defaultMaxResults,
    });
  });

  it.each([
    [{}, true],
    [{ startAt: 0, maxResults: 1 }, true],
    [{ startAt: maxStartAt, maxResults }, true],
    [{ startAt: -1 }, false],
    [{ startAt: maxStartAt + 1 }, false],
    [{ startAt: Number.MAX_SAFE_INTEGER }, false],
    [{ startAt: 1.5 }, false],
    [{ maxResults: 0 }, false],
    [{ maxResults: maxResults + 1 }, false],
  ])("schema, engine and compiler agree on %j", async (page, ok) => {
    const http = await searchStatus(page);
    expect(http.status).toBe(ok ? 200 : 400);
    expect(http.reached).toBe(ok);
    expect(accepted(page).engine).toBe(ok);
    // The compiler takes every page a request may ask for (and larger ones, for whole answers).
    if (ok) expect(accepted(page).compiled).toBe(true);
  });

  it("the compiler agrees on startAt and reads at most maxStatementRows", () => {
    expect(PAGE_LIMITS.maxStatementRows).toBeGreaterThanOrEqual(maxResults);
    expect(accepted({ startAt: maxStartAt + 1 }).compiled).toBe(false);
    expect(accepted({ startAt: Number.MAX_SAFE_INTEGER }).compiled).toBe(false);
    expect(accepted({ maxResults: PAGE_LIMITS.maxStatementRows }).compiled).toBe(true);
    expect(accepted({ maxResults: PAGE_LIMITS.maxStatementRows + 1 }).compiled).toBe(false);
  });

  it("an out-of-range value is a 400 naming the field and the range", async () => {
    expect((await searchStatus({ startAt: 9007199254740991 })).error).toEqual({
      code: "E_BAD_REQUEST",
      where: "body.startAt",
      message: `body.startAt must be a whole number from 0 to ${maxStartAt}, got 9007199254740991`,
    });
    expect((await searchStatus({ maxResults: 1001 })).error).toEqual({
      code: "E_BAD_REQUEST",
      where: "body.maxResults",
      message: `body.maxResults must be a whole number from 1 to ${maxResults}, got 1001`,
    });
    // The engine words it the same for callers that bypass HTTP.
    expect(() => pageOf({ startAt: 9007199254740991 })).toThrow(
      `startAt must be a whole number from 0 to ${maxStartAt}, got 9007199254740991`,
    );
  });
});
