/** A thin adapter over `git fast-import`: one process, a stream of blobs and commits, backpressure respected. */
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function git(dir: string, args: string[]): Promise<string> {
  const { stdout } = await exec('git', ['-C', dir, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

export interface Identity {
  name: string;
  email: string;
}

export interface FileChange {
  path: string;
  /** New content, or null to delete the file. */
  content: string | Buffer | null;
}

export class FastImport {
  private readonly child;
  private buf: string[] = [];
  private bufLen = 0;
  private nextMark = 1;
  private readonly done: Promise<void>;

  constructor(dir: string) {
    // Low compression: the repository is scratch data, and generation speed matters more than pack size.
    this.child = spawn(
      'git',
      ['-C', dir, '-c', 'core.compression=1', '-c', 'pack.compression=1', 'fast-import', '--quiet', '--done'],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    this.child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    this.done = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}: ${stderr.slice(0, 2000)}`)),
      );
    });
    this.done.catch(() => {}); // surfaced by end()
  }

  private write(s: string): void {
    this.buf.push(s);
    this.bufLen += s.length;
  }

  /** Push buffered text to git, waiting while its pipe is full. */
  async flush(force = false): Promise<void> {
    if (!force && this.bufLen < 1 << 20) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.bufLen = 0;
    if (!this.child.stdin.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        this.child.stdin.once('drain', resolve);
        this.done.catch(reject);
      });
    }
  }

  /** Store a blob once; returns its mark for later `M` lines. */
  blob(content: string | Buffer): number {
    const mark = this.nextMark++;
    const body = typeof content === 'string' ? content : content.toString('utf8');
    this.write(`blob\nmark :${mark}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
    return mark;
  }

  /**
   * One commit on `ref`. `from` is a mark or a ref expression (omitted: continue the ref); `merge` adds parents.
   * `files` maps a path to a blob mark, or to null for a deletion.
   */
  commit(opts: {
    ref: string;
    author: Identity;
    committer: Identity;
    time: number;
    authorTime?: number;
    message: string;
    from?: number | string;
    merge?: number[];
    files: Array<[string, number | null]>;
  }): number {
    const mark = this.nextMark++;
    const ref = (x: number | string) => (typeof x === 'number' ? `:${x}` : x);
    let s = `commit ${opts.ref}\nmark :${mark}\n`;
    s += `author ${opts.author.name} <${opts.author.email}> ${opts.authorTime ?? opts.time} +0000\n`;
    s += `committer ${opts.committer.name} <${opts.committer.email}> ${opts.time} +0000\n`;
    s += `data ${Buffer.byteLength(opts.message)}\n${opts.message}\n`;
    if (opts.from !== undefined) s += `from ${ref(opts.from)}\n`;
    for (const m of opts.merge ?? []) s += `merge ${ref(m)}\n`;
    for (const [path, blob] of opts.files) s += blob === null ? `D ${path}\n` : `M 100644 :${blob} ${path}\n`;
    this.write(`${s}\n`);
    return mark;
  }

  async end(): Promise<void> {
    this.write('done\n');
    await this.flush(true);
    this.child.stdin.end();
    await this.done;
  }
}
