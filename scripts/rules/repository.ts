/** repository: a GitHub or GitLab project URL, and a clean subfolder. */
import type { Finding } from '../core/problem.ts';
import { isObject, str } from '../core/guards.ts';
import type { Rule } from './rule.ts';

const URL_BY_SOURCE: Record<string, RegExp> = {
  github: /^https:\/\/(www\.)?github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/?$/,
  // GitLab projects may sit in nested groups.
  gitlab: /^https:\/\/(www\.)?gitlab\.com\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+\/?$/,
};

export const repositoryRules: Rule = (doc) => {
  const repo = doc.repository;
  if (!isObject(repo)) return [];
  const out: Finding[] = [];
  const url = str(repo.url);
  const source = str(repo.source);
  // An empty repository object ({"url": "", "source": ""}) means "none", as officially.
  if (url === '' && (source === '' || source === undefined)) return out;
  const pattern = source !== undefined && Object.hasOwn(URL_BY_SOURCE, source) ? URL_BY_SOURCE[source] : undefined;
  if (source !== undefined && !pattern) {
    out.push({
      rule: 'repository-source',
      jsonPath: '$.repository.source',
      message: `repository.source "${source}" is not supported; use "github" or "gitlab".`,
    });
  }
  if (url !== undefined && pattern && !pattern.test(url)) {
    out.push({
      rule: 'repository-url',
      jsonPath: '$.repository.url',
      message: `repository.url "${url}" is not a ${source} project URL; use https://${source}.com/<owner>/<repo>.`,
    });
  }
  const sub = repo.subfolder;
  if (typeof sub === 'string') {
    const segments = sub.split('/');
    const clean =
      sub !== '' &&
      !sub.startsWith('/') &&
      !sub.endsWith('/') &&
      !sub.includes('\\') &&
      segments.every((s) => s !== '' && s !== '.' && s !== '..');
    if (!clean) {
      out.push({
        rule: 'repository-subfolder',
        jsonPath: '$.repository.subfolder',
        message: `repository.subfolder "${sub}" must be a relative path inside the repository, like "servers/weather" (no leading or trailing "/", no "." or ".." parts).`,
      });
    }
  }
  return out;
};
