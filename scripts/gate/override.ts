/**
 * Whether the maintainer-override label covers the PR's head commit (pure, from the facts gather.ts recorded in the
 * snapshot). An approval belongs to one commit and to a maintainer: the label covers the head only when its newest
 * `labeled` event is strictly newer than the head's push (GitHub's clock on both sides) and whoever applied it has the
 * maintain or admin role. Otherwise it waives nothing, and the report removes it so that a maintainer applies it again
 * for the commit they reviewed — except after a failed lookup, which a re-run may fix.
 */
import type { PrSnapshot } from './snapshot.ts';

/** Repository roles whose holders may override the gate (`role_name` of the collaborator permission API). */
export const OVERRIDE_ROLES: readonly string[] = ['admin', 'maintain'];

export type OverrideJudgement =
  | { honoured: true; label: string; appliedBy: string; appliedAt: string; role: string; covers: string }
  | {
      honoured: false;
      label: string;
      appliedBy?: string;
      /** Why the label waives nothing, in words. */
      detail: string;
      /** Remove the label (it can never become valid for this head by re-running). */
      remove: boolean;
    };

export function judgeOverride(snapshot: PrSnapshot): OverrideJudgement | undefined {
  const o = snapshot.override;
  if (!o) return undefined;
  const head = snapshot.pr.headSha.slice(0, 12);
  const refuse = (detail: string, remove: boolean): OverrideJudgement => ({
    honoured: false,
    label: o.label,
    ...(o.applied ? { appliedBy: o.applied.by } : {}),
    detail,
    remove,
  });
  if (o.lookupFailed) return refuse(`${o.lookupFailed}; re-run the gate`, false);
  if (!o.applied) return refuse('no `labeled` event for it was found in the timeline', false);
  const { by, at } = o.applied;
  const p = o.permission;
  if (!p || !(p.admin || p.maintain || OVERRIDE_ROLES.includes(p.role)))
    return refuse(
      `${by} applied it with the ${p?.role ?? 'unknown'} role; only the maintain or admin role may override the gate`,
      true,
    );
  if (!o.headPushedAt)
    return refuse(
      `the head repository of the PR is gone, so nobody can tell whether ${head} was pushed before or after the label; recreate the PR from a fork`,
      true,
    );
  if (!(Date.parse(at) > Date.parse(o.headPushedAt)))
    return refuse(
      `${by} applied it at ${at}, not after the head ${head} was pushed (${o.headPushedAt} at the latest): an override covers only the commit it was given for`,
      true,
    );
  return { honoured: true, label: o.label, appliedBy: by, appliedAt: at, role: p.role, covers: snapshot.pr.headSha };
}
