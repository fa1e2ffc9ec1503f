// Schema errors as staff problems: file › entry › field, in Vietnamese.
import type { z } from 'zod';
import type { Problem } from './problems.ts';

type Issue = z.core.$ZodIssue;

/**
 * A value that may take several forms (a sentence, or a dated fact) fails as a union:
 * report the mistakes of the form the staff member evidently meant (the one whose type
 * matches what they wrote), not "matches no allowed type".
 */
function flattenUnions(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'invalid_union') return [{ ...issue, path }];
    const meant = issue.errors.find((branch) => branch.length && !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
    return meant ? flattenUnions(meant, path) : [{ ...issue, path }];
  });
}

export function zodProblems(file: string, error: z.ZodError, entry?: string): Problem[] {
  return flattenUnions(error.issues).map((issue) => ({
    severity: 'error',
    kind: 'schema',
    file,
    entry,
    field: issue.path.join('.') || undefined,
    message: issue.message,
  }));
}
