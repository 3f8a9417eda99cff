/** Streaming reader of gzipped JSON-lines files (one JSON value per line). */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { DbError } from "../errors.js";

/** Yields each line's parsed value; a malformed line throws naming the file and line. */
export async function* readJsonLines<T>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === "") continue;
    try {
      yield JSON.parse(line) as T;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new DbError("E_DATASET_INVALID", `${path}:${lineNumber}: not valid JSON (${error.message})`, {
        file: path,
        cause: error,
      });
    }
  }
}
