/**
 * Generates synthetic issues one after another (ids 1, 2, ...; created times increasing
 * with the id), each with its comments and a change history from `simulateLifecycle`.
 * All randomness comes from one seeded stream consumed in order, so the output does not
 * depend on how the caller batches it.
 */
import type { ChangeItem, Comment, IssueSnapshot, UserId } from "@subq/jql";
import { PRIORITIES, PRIORITY_WEIGHTS, STANDARD_TYPE_WEIGHTS } from "./config.js";
import {
  distinctSorted,
  generateComments,
  generateCustomFieldValues,
  generateEstimates,
  isoDate,
} from "./issue-parts.js";
import { type Outcome, simulateLifecycle } from "./lifecycle.js";
import { type Prng, Weighted, Zipf } from "./prng.js";
import type { SeedProject } from "./projects.js";
import { TextGenerator } from "./text.js";
import type { SeedWorld } from "./world.js";

export interface GeneratedIssue {
  readonly issue: IssueSnapshot;
  readonly comments: readonly Comment[];
  readonly changes: readonly ChangeItem[];
}

const DAY = 86_400_000;
const STANDARD_TYPES = [...STANDARD_TYPE_WEIGHTS.keys()];
const BUG = 1;

export class IssueGenerator {
  readonly #world: SeedWorld;
  readonly #rng: Prng;
  readonly #total: number;
  readonly #text: TextGenerator;
  readonly #typePick = new Weighted([...STANDARD_TYPE_WEIGHTS.values()]);
  readonly #priorityPick = new Weighted(PRIORITY_WEIGHTS);
  readonly #reporterRank: Zipf;
  readonly #reporterOrder: readonly UserId[];
  readonly #rankBySize = new Map<number, Zipf>();
  readonly #numbers = new Map<number, number>();
  /** Recent standard issues per project: candidate parents for sub-tasks. */
  readonly #recent = new Map<number, number[]>();
  #next = 0;
  #commentId = 0;

  constructor(world: SeedWorld, rng: Prng, total: number) {
    this.#world = world;
    this.#rng = rng;
    this.#total = total;
    this.#text = new TextGenerator(Math.min(20_000, 200 + Math.round(total / 200)));
    this.#reporterRank = new Zipf(world.userIds.length, 1);
    const order = [...world.userIds];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.#reporterOrder = order;
  }

  next(): GeneratedIssue {
    const rng = this.#rng;
    const world = this.#world;
    const index = this.#next++;
    const id = index + 1;
    const plan = world.projects[world.pickProject(rng)]!;
    const project = plan.project;
    const number = (this.#numbers.get(project.id) ?? 0) + 1;
    this.#numbers.set(project.id, number);
    const span = world.nowMs - 3_600_000 - world.startMs;
    const created =
      world.startMs + Math.floor((span * ((index + rng.next()) / this.#total) ** 0.85) / 1000) * 1000;
    const recent = this.#recent.get(project.id) ?? [];
    const subtask = recent.length > 0 && rng.chance(0.05);
    const issueTypeId = subtask ? (rng.chance(0.9) ? 5 : 8) : STANDARD_TYPES[this.#typePick.sample(rng)]!;
    const parentId = subtask ? recent[rng.int(recent.length)]! : null;
    if (!subtask) this.#remember(project.id, recent, id);
    const reporter = this.#reporter();
    const creator = rng.chance(0.95) ? reporter : rng.pick(plan.team);
    const upcoming = plan.versions.find((v) => v.releaseMs === null || v.releaseMs >= created);
    const life = simulateLifecycle(rng, {
      issueId: id,
      createdMs: created,
      nowMs: world.nowMs,
      outcome: this.#outcome(created),
      subtask,
      initial: {
        statusId: 1,
        resolutionId: null,
        assignee: rng.chance(0.55) ? this.#teamMember(plan) : null,
        priorityId: this.#priority(),
        issueTypeId,
        reporter,
        fixVersionIds: upcoming && rng.chance(0.2) ? [upcoming.id] : [],
      },
      team: plan.team,
      versions: plan.versions,
      pickUser: () => this.#reporter(),
      pickPriority: () => this.#priority() ?? PRIORITIES[0]!.id,
    });
    const state = life.state;
    const componentIds = this.#components(plan);
    const firstComponent = world.catalog.components.find((c) => c.id === componentIds[0])?.name ?? null;
    const comments = generateComments(rng, this.#text, {
      issueId: id,
      created,
      until: Math.min(world.nowMs, life.lastChangeMs + 10 * DAY),
      team: plan.team,
      assignee: state.assignee,
      reporter: state.reporter,
      firstId: this.#commentId + 1,
    });
    this.#commentId += comments.length;
    const updated = Math.max(created, life.lastChangeMs, ...comments.map((c) => c.created));
    const voters = rng.chance(0.12)
      ? distinctSorted(rng, 1 + rng.geometric(0.8), () => this.#reporter())
      : [];
    const estimate = generateEstimates(rng, state.resolutionId !== null || state.statusId !== 1);
    const issue: IssueSnapshot = {
      id,
      key: `${project.key}-${number}`,
      projectId: project.id,
      issueTypeId: state.issueTypeId,
      statusId: state.statusId,
      priorityId: state.priorityId,
      resolutionId: state.resolutionId,
      assignee: state.assignee,
      reporter: state.reporter,
      creator,
      parentId,
      summary: this.#text.summary(rng, firstComponent, state.issueTypeId === BUG),
      description: this.#text.description(rng),
      environment: this.#text.environment(rng),
      labels: this.#text.labels(rng),
      componentIds,
      fixVersionIds: state.fixVersionIds,
      affectedVersionIds: state.issueTypeId === BUG ? this.#affected(plan, created) : [],
      sprintIds: this.#sprints(plan, issueTypeId, created, life.resolvedMs),
      created,
      updated,
      resolved: life.resolvedMs,
      statusCategoryChanged: life.categoryChangedMs,
      due: rng.chance(0.15) ? isoDate(created + rng.between(5, 60) * DAY) : null,
      ...estimate,
      securityLevelId:
        plan.securityLevelIds.length > 0 && rng.chance(0.12) ? rng.pick(plan.securityLevelIds) : null,
      votes: voters.length,
      watchers: distinctSorted(rng, rng.geometric(0.6), () => rng.pick(plan.team), [
        state.reporter,
        state.assignee,
      ]),
      voters,
      attachmentCount: rng.chance(0.3) ? 1 + rng.geometric(0.8) : 0,
      customFields: generateCustomFieldValues(
        rng,
        this.#text,
        world.catalog.customFields,
        created,
        world.people.qa,
      ),
    };
    return { issue, comments, changes: life.changes };
  }

  #remember(projectId: number, recent: number[], id: number): void {
    recent.push(id);
    if (recent.length > 30) recent.shift();
    this.#recent.set(projectId, recent);
  }

  /** Old issues are mostly done; recent ones are still open (queues have work in them). */
  #outcome(created: number): Outcome {
    const ageDays = (this.#world.nowMs - created) / DAY;
    const done = 0.93 * Math.min(1, ageDays / 120) ** 0.5;
    const u = this.#rng.next();
    return u < done ? "done" : u < done + 0.2 * (1 - done) ? "indeterminate" : "new";
  }

  #reporter(): UserId {
    return this.#reporterOrder[this.#reporterRank.sample(this.#rng)]!;
  }

  #teamMember(plan: SeedProject): UserId {
    const size = plan.team.length;
    const rank = this.#rankBySize.get(size) ?? new Zipf(size, 1);
    this.#rankBySize.set(size, rank);
    return plan.team[rank.sample(this.#rng)]!;
  }

  #priority(): number | null {
    return this.#rng.chance(0.15) ? null : PRIORITIES[this.#priorityPick.sample(this.#rng)]!.id;
  }

  #components(plan: SeedProject): number[] {
    const rng = this.#rng;
    if (!rng.chance(0.85)) return [];
    const rank = new Zipf(plan.componentIds.length, 1);
    return distinctSorted(rng, rng.chance(0.8) ? 1 : 2, () => plan.componentIds[rank.sample(rng)]!);
  }

  #affected(plan: SeedProject, created: number): number[] {
    const released = plan.versions.filter((v) => v.releaseMs !== null && v.releaseMs < created);
    if (released.length === 0 || !this.#rng.chance(0.45)) return [];
    const latest = released.at(-1)!.id;
    const older = released.length > 1 && this.#rng.chance(0.2) ? [released.at(-2)!.id] : [];
    return [...older, latest].sort((a, b) => a - b);
  }

  #sprints(plan: SeedProject, typeId: number, created: number, resolved: number | null): number[] {
    const rng = this.#rng;
    if (plan.sprints.length === 0 || typeId === 6 || !rng.chance(0.45)) return [];
    const end = resolved ?? this.#world.nowMs;
    const dated = plan.sprints.filter(
      (s) => s.startDate !== null && s.startDate <= end && s.endDate! >= created,
    );
    const picked: number[] = [];
    for (const sprint of dated) {
      if (picked.length > 0 && !rng.chance(0.25)) break;
      picked.push(sprint.id);
    }
    const future = plan.sprints.find((s) => s.state === "future");
    if (resolved === null && future && (picked.length === 0 || rng.chance(0.2))) picked.push(future.id);
    return picked.sort((a, b) => a - b);
  }
}
