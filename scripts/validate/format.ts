/** Renderings of one problem list: text for people, JSON for tools, workflow commands for GitHub. */
import type { Problem } from '../core/problem.ts';
import { countBySeverity } from '../core/problem.ts';

export type Format = 'text' | 'json' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'github'];

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(problems: readonly Problem[], files: number): Summary {
  return { files, ...countBySeverity(problems) };
}

export function formatProblems(problems: readonly Problem[], summary: Summary, format: Format, color = false): string {
  if (format === 'json') return `${JSON.stringify({ problems, summary }, null, 2)}\n`;
  if (format === 'github') return `${formatGithub(problems)}${summaryLine(summary)}\n`;
  return formatText(problems, summary, color);
}

function formatText(problems: readonly Problem[], summary: Summary, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!byFile.has(p.file)) byFile.set(p.file, []);
    byFile.get(p.file)!.push(p);
  }
  let out = '';
  for (const [file, list] of byFile) {
    out += `${paint('1;4', file)}\n`;
    for (const p of list) {
      const where = p.line ? `${p.line}:${p.column ?? 1}` : '-';
      const sev = p.severity === 'error' ? paint('31', 'error  ') : paint('33', 'warning');
      out += `  ${where.padEnd(8)} ${sev} ${p.message} ${paint('2', `[${p.rule}]${p.jsonPath ? ` ${p.jsonPath}` : ''}`)}\n`;
    }
    out += '\n';
  }
  const line = summaryLine(summary);
  out += summary.errors > 0 ? paint('31;1', `✖ ${line}`) : paint('32;1', `✔ ${line}`);
  return `${out}\n`;
}

export function summaryLine(s: Summary): string {
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(s.files, 'file')} checked: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
}

/** GitHub workflow commands: `::error file=…,line=…,col=…,title=…::message`, escaped as the runner expects. */
function formatGithub(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const props = [`file=${escapeProperty(p.file)}`];
      if (p.line) props.push(`line=${p.line}`, `col=${p.column ?? 1}`);
      props.push(`title=${escapeProperty(p.rule)}`);
      const text = p.jsonPath ? `${p.message} (${p.jsonPath})` : p.message;
      return `::${p.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(text)}\n`;
    })
    .join('');
}

/** Escapes a GitHub Actions workflow-command message (`::warning::…`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A two-column table of figures, as the build commands print their summary (a blank line before it). */
export function figuresTable(title: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(title.length, ...rows.map(([k]) => k.length));
  let out = `\n| ${title.padEnd(w)} | value |\n| ${'-'.repeat(w)} | ----- |\n`;
  for (const [k, v] of rows) out += `| ${k.padEnd(w)} | ${v} |\n`;
  return out;
}
