/** PyPI's JSON API: `GET /pypi/<project>/<version>/json` with info.description (the README). */
import { sendJson, startHttpsFake, type HttpsFake, type HttpsFakeOptions } from './https-fake.ts';

/** project → version → description text. */
export type PypiProjects = Record<string, Record<string, string>>;

export async function startPypiFake(
  options: HttpsFakeOptions & { projects: PypiProjects },
): Promise<HttpsFake & { projects: PypiProjects }> {
  const projects = options.projects;
  const fake = await startHttpsFake((_req, res, url) => {
    const m = url.pathname.match(/^\/pypi\/([^/]+)\/([^/]+)\/json$/);
    // PyPI normalises project names (PEP 503).
    const norm = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '-');
    const project = m ? Object.keys(projects).find((p) => norm(p) === norm(decodeURIComponent(m[1]!))) : undefined;
    const description = project && m ? projects[project]![decodeURIComponent(m[2]!)] : undefined;
    if (!project || description === undefined) return sendJson(res, 404, { message: 'Not Found' });
    sendJson(res, 200, {
      info: {
        name: project,
        version: decodeURIComponent(m![2]!),
        description,
        description_content_type: 'text/markdown',
        summary: '',
      },
      last_serial: 1,
      urls: [],
      vulnerabilities: [],
    });
  }, options);
  return Object.assign(fake, { projects });
}
