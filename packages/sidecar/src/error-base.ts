/**
 * The base of every sidecar error: a stable string `code`, the structured fields every
 * error may have (`tenant`, `where`) and `cause`. Subclasses narrow `code` to their own
 * union and stay distinguishable by `instanceof`; errors.ts holds the union of all codes
 * and their HTTP statuses. A module of its own, so that the error modules of redis/, db/
 * and the compiler import it without errors.ts importing them back.
 */

export interface SubqErrorFields {
  readonly tenant?: string;
  /** Where in the request the problem is (`body.events[3].issueId`, `query.jql`). */
  readonly where?: string;
  readonly cause?: unknown;
}

export abstract class SubqBaseError<C extends string = string> extends Error {
  readonly code: C;
  readonly tenant: string | undefined;
  readonly where: string | undefined;

  protected constructor(code: C, message: string, fields: SubqErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = code;
    this.tenant = fields.tenant;
    this.where = fields.where;
  }
}
