/** The spec engine's public surface: the runner, the App and the CLI import from here. */
export { normaliseSpec, detectFormat, type NormaliseOptions } from './normalise-spec.js';
export { readSpecFile } from './read-spec-file.js';
export { lockSpec, createLock, lockPathFor, parseIssueRef, LOCK_SUFFIX, ISSUE_LOCK_DIR } from './lock-spec.js';
export { readLock, parseLock } from './read-lock.js';
export { compareToLock, type SpecDrift, type RequirementRef, type ChangedRequirement, type RenamedRequirement } from './compare-to-lock.js';
export { describeDrift, summariseDrift } from './describe-drift.js';
export { lintSpec, blockingFindings, sortFindings } from './lint-spec.js';
export { renderGrillReport } from './render-grill-report.js';
export { planSpec, PLAN_MODEL, type Plan, type Range, type PlanOptions } from './plan-spec.js';
export { renderPlan } from './render-plan.js';
export { collectRepoStats, type RepoStats } from './collect-repo-stats.js';
export { GRILL_CATEGORIES, GrillCategorySchema, GrillFindingSchema, type GrillCategory, type GrillFinding } from './grill-schema.js';
export * from './spec-schema.js';
export { findSpecLocks, type FoundLock } from './find-spec-locks.js';
