/**
 * A namespace's recorded identity (pure). An `io.github.<name>` namespace records the numeric id of the GitHub account
 * it belongs to as `account` in its owners.json, in the PR that creates it; namespace.ts then counts a login or
 * org-name proof only while its id agrees. This module holds the record itself to account, against the BASE branch:
 *
 * - a new namespace proven by name: the PR records exactly the account that proved it (`namespace-identity-record`);
 * - a recorded account is never changed or removed by a PR alone (`namespace-identity-change`: a maintainer's
 *   override — that is a transfer);
 * - a namespace that predates recorded accounts (migration): its next change proven by name must record the account
 *   (`namespace-identity-record`), and recording it then needs a maintainer once (`namespace-identity-change`): the
 *   gate cannot tell whether the login or org name changed hands since the namespace was created, a maintainer can
 *   (who published its earlier versions). So a takeover is never easier than the rightful owner's path.
 * - a domain namespace records no account (its proof is the domain's own record).
 *
 * The report gives the author the exact owners.json to commit (`record`).
 */
import type { Problem } from '../core/problem.ts';
import type { NamespaceAccount, OwnersDoc } from '../core/types.ts';
import { namespaceOf } from '../core/repo-path.ts';
import { baseOwners, describeAccount, isGitHubNamespace, type NamespaceJudgement, parseOwners } from './namespace.ts';
import { decodeBytes, type PrSnapshot } from './snapshot.ts';

export interface IdentityResult {
  problems: Problem[];
  /** The owners.json the author should commit, when the record is missing or wrong. */
  record?: { file: string; json: string };
}

const same = (a: NamespaceAccount | undefined, b: NamespaceAccount | undefined): boolean =>
  a?.id === b?.id && a?.type === b?.type;

/** The owners.json that records `account` and keeps the owners listed (two-space JSON, as the tree's files are). */
export function ownersJson(account: NamespaceAccount, owners: OwnersDoc['owners'] = []): string {
  const { login, id, type } = account;
  return `${JSON.stringify({ account: { login, id, type }, owners }, null, 2)}\n`;
}

const inline = (a: NamespaceAccount): string =>
  `"account": ${JSON.stringify({ login: a.login, id: a.id, type: a.type })}`;

export function judgeIdentity(snapshot: PrSnapshot, j: NamespaceJudgement): IdentityResult {
  const ns = j.namespace;
  const file = `servers/${ns}/owners.json`;
  const change = snapshot.files.find((f) => f.path === file);
  // The owners.json the PR leaves: its own bytes when it changes it, else the base's. Unparseable → validation's job.
  let head: OwnersDoc | undefined;
  if (!change) head = baseOwners(snapshot, ns);
  else if (change.status !== 'removed') {
    if (!change.content) return { problems: [] };
    head = parseOwners(decodeBytes(change.content));
    if (!head) return { problems: [] };
  }
  const error = (rule: Problem['rule'], at: string, message: string): Problem => ({
    rule,
    severity: 'error',
    file: at,
    jsonPath: at === file && head?.account ? '$.account' : '',
    message,
  });

  if (!isGitHubNamespace(ns)) {
    return change && head?.account
      ? {
          problems: [
            error(
              'namespace-identity-record',
              file,
              `${ns} is a domain namespace: its proof is the domain's own record, so its owners.json records no GitHub "account". Remove "account" (co-owners go in "owners").`,
            ),
          ],
        }
      : { problems: [] };
  }

  const recorded = j.recorded;
  const headAccount = head?.account;
  const owners = head?.owners ?? [];
  if (recorded) {
    if (!change || same(recorded, headAccount)) return { problems: [] };
    return {
      problems: [
        error(
          'namespace-identity-change',
          file,
          `${headAccount ? `This PR changes the account recorded for ${ns} from ${describeAccount(recorded)} to ${describeAccount(headAccount)}` : `This PR removes the account recorded for ${ns}, ${describeAccount(recorded)}`}: that transfers the namespace, which only a maintainer does (override label). To change co-owners, keep ${inline(recorded)} as it is.`,
        ),
      ],
      record: { file, json: ownersJson(recorded, owners) },
    };
  }

  // Nothing recorded yet: the account the author's name proof stands for is the one to record.
  const expected = j.primary ? j.account : undefined;
  const firstFile = change?.path ?? snapshot.files.find((f) => namespaceOf(f.path) === ns)?.path ?? file;
  if (headAccount) {
    if (expected && !same(expected, headAccount))
      return {
        problems: [
          error(
            'namespace-identity-record',
            file,
            `owners.json records ${describeAccount(headAccount)} for ${ns}, but the account that proves ${ns} is ${describeAccount(expected)}. Record exactly ${inline(expected)}.`,
          ),
        ],
        record: { file, json: ownersJson(expected, owners) },
      };
    if (j.isNew) return { problems: [] };
    return {
      problems: [
        error(
          'namespace-identity-change',
          file,
          `${ns} existed before namespaces recorded their GitHub account. Recording ${describeAccount(headAccount)} for it is confirmed once by a maintainer, who checks that this account published its earlier versions (a login or org name can change hands); they apply the override label.`,
        ),
      ],
    };
  }
  if (!expected) return { problems: [] };
  const json = ownersJson(expected, owners);
  return {
    problems: [
      error(
        'namespace-identity-record',
        firstFile,
        j.isNew
          ? `${ns} is a new namespace: record the GitHub account it belongs to, ${describeAccount(expected)}, by committing ${file} with ${inline(expected)} (the report shows the whole file). Its numeric id is what keeps the namespace yours if the name is ever freed and registered again.`
          : `${ns} has no recorded GitHub account yet, and this change is proven by its name alone: record ${describeAccount(expected)} by committing ${file} with ${inline(expected)} (the report shows the whole file). A maintainer confirms this record once.`,
      ),
    ],
    record: { file, json },
  };
}
