/**
 * The reference oracle: Atlassian's ANTLR4 JQL grammar (@atlaskit/jql-parser, a dev
 * dependency). ANTLR recovers from errors and still returns a tree, so validity is
 * decided by error listeners on both the lexer and the parser. Test-only: about 300 µs
 * a query.
 */
import { JQLLexer } from "@atlaskit/jql-parser/JQLLexer";
import { JQLParser } from "@atlaskit/jql-parser/JQLParser";
import { CharStreams, CommonTokenStream } from "antlr4ts";

export function referenceAccepts(query: string): boolean {
  let errors = 0;
  const listener = {
    syntaxError: () => {
      errors++;
    },
  };
  const lexer = new JQLLexer(CharStreams.fromString(query));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const parser = new JQLParser(new CommonTokenStream(lexer));
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  parser.jqlQuery();
  return errors === 0;
}
