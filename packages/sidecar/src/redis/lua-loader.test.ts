import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPLY_CODES } from "./errors.js";
import { defaultLuaDir, loadScript, loadScripts, type ReadText, resolveIncludes } from "./lua-loader.js";
import { SCRIPT_NAMES } from "./script-client.js";

function files(map: Record<string, string>): ReadText {
  return async (path) => map[path];
}

describe("resolveIncludes", () => {
  it("inlines nested includes once each, dependencies first, relative to the including file", async () => {
    const read = files({
      "/lua/main-1.lua": '--- @include "includes/a"\n--- @include "includes/b.lua"\nreturn a() + b()',
      "/lua/includes/a.lua": '--- @include "c"\nlocal function a() return c() end',
      "/lua/includes/b.lua": '--- @include "c"\nlocal function b() return c() end',
      "/lua/includes/c.lua": "local function c() return 1 end",
    });
    expect(await resolveIncludes("/lua/main-1.lua", read)).toBe(
      [
        "local function c() return 1 end",
        "local function a() return c() end",
        "local function b() return c() end",
        "return a() + b()",
      ].join("\n"),
    );
  });

  it("reports a missing include with the file that asked for it", async () => {
    const read = files({ "/lua/main-1.lua": '--- @include "includes/nope"\nreturn 1' });
    await expect(resolveIncludes("/lua/main-1.lua", read)).rejects.toMatchObject({
      code: "E_SCRIPT_LOAD",
      message: "Lua file not found: /lua/includes/nope.lua (included from /lua/main-1.lua)",
    });
  });

  it("reports an include cycle with its path", async () => {
    const read = files({
      "/lua/main-1.lua": '--- @include "includes/a"\nreturn 1',
      "/lua/includes/a.lua": '--- @include "b"\n',
      "/lua/includes/b.lua": '--- @include "a"\n',
    });
    await expect(resolveIncludes("/lua/main-1.lua", read)).rejects.toThrow(
      "include cycle at /lua/includes/b.lua:1: main-1.lua -> includes/a.lua -> includes/b.lua -> includes/a.lua",
    );
  });

  it("wants script files named <verbNoun>-<numKeys>.lua", async () => {
    await expect(loadScript("/lua/commit.lua", files({}))).rejects.toThrow(/named <verbNoun>-<numKeys>\.lua/);
    const script = await loadScript("/lua/doThing-3.lua", files({ "/lua/doThing-3.lua": "return 1" }));
    expect(script).toMatchObject({
      name: "doThing",
      file: "doThing-3.lua",
      numberOfKeys: 3,
      lua: "return 1",
    });
    expect(script.sha1).toBe("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
  });

  it("fails clearly on a directory without scripts", async () => {
    await expect(loadScripts("/nonexistent-subq-lua-dir")).rejects.toThrow(
      /cannot list Lua scripts in \/nonexistent/,
    );
  });
});

describe("the scripts in lua/", async () => {
  const scripts = await loadScripts();

  it("provide every script the store needs", () => {
    expect(scripts.map((script) => script.name).sort()).toEqual([...SCRIPT_NAMES].sort());
  });

  for (const script of scripts) {
    describe(script.file, async () => {
      const source = await readFile(join(defaultLuaDir(), script.file), "utf8");
      const header = source.slice(0, source.indexOf("]]"));

      it("has a header with purpose, KEYS, ARGV, replies and side effects", () => {
        expect(header.startsWith(`--[[\n  ${script.file.replace(".lua", "")}: `)).toBe(true);
        const keys = [...header.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
        expect(Math.max(...keys)).toBe(script.numberOfKeys);
        expect(header).toMatch(/ARGV\[1\]/);
        expect(header).toMatch(/Repl(y|ies)/);
        expect(header).toMatch(/Side effects/);
      });

      it("lists only reply codes the TypeScript table maps, by their names", () => {
        for (const [, code, name] of header.matchAll(/^\s+(-\d+)\s+(E_[A-Z_]+)/gm)) {
          expect(REPLY_CODES[Number(code)]?.code).toBe(name);
        }
      });

      it("uses no clock, no cjson/cmsgpack, no shebang, and only keys from KEYS", () => {
        const code = script.lua.replace(/--\[\[[\s\S]*?\]\]/g, "").replace(/--[^\n]*/g, "");
        expect(code).not.toMatch(/['"]TIME['"]|cjson|cmsgpack|^#!/);
        for (const [, firstArgument] of code.matchAll(/redis\.p?call\(\s*"[A-Z]+",\s*([^,)]+)/g)) {
          expect(firstArgument).toMatch(/Key$|^channel$/);
        }
      });
    });
  }
});
