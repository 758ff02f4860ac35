// A PostgreSQL cluster of its own for the tests and the receiver benchmark:
// initdb in a temporary folder, listening only on a Unix socket there, removed
// when stopped. Debian's `postgresql` package provides the binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ThrowawayPostgres {
  /** A superuser URL to the cluster's `postgres` database, over the Unix socket. */
  url: string;
  /** Stops the cluster and removes its folder. */
  stop(): void;
}

export interface ThrowawayPostgresOptions {
  /**
   * false for the tests: a crash loses nothing they need, and each commit is
   * then cheap. The benchmark keeps it on, as a deployment would.
   */
  fsync: boolean;
}

const INSTALL_HINT = 'on Debian: apt-get install postgresql';

/** Where initdb and pg_ctl are: $PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else PATH. */
function binDirectory(): string | undefined {
  if (process.env.PG_BIN) return existsSync(path.join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((version) => existsSync(path.join(debianRoot, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(debianRoot, versions[0], 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return found.status === 0 ? path.dirname(found.stdout.trim()) : undefined;
}

/** initdb refuses to run as root, so root runs the cluster as the `postgres` user. */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`running as root needs a "postgres" user to run PostgreSQL as (${INSTALL_HINT})`);
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

export function startThrowawayPostgres({ fsync }: ThrowawayPostgresOptions): ThrowawayPostgres {
  const bin = binDirectory();
  if (!bin) throw new Error(`PostgreSQL is not installed: no initdb in $PG_BIN, under /usr/lib/postgresql/*/bin or on PATH (${INSTALL_HINT})`);
  const user = clusterUser();
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-pg-'));
  if (user) chownSync(folder, user.uid, user.gid);
  const dataDirectory = path.join(folder, 'data');
  const logFile = path.join(folder, 'server.log');

  /** The command line for one of the cluster's programs, as the cluster's user. */
  const asClusterUser = (program: string, args: string[]): [string, string[]] =>
    user ? ['runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args]] : [path.join(bin, program), args];
  const run = (program: string, args: string[]) => {
    const result = spawnSync(...asClusterUser(program, args), { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      const why = lastLine(result.stderr || '') || result.error?.message || `exit ${result.status}`;
      throw new Error(`${program} failed: ${why}`);
    }
  };
  const stop = () => {
    // Immediate: nothing in a throwaway cluster needs a clean checkpoint.
    spawnSync(...asClusterUser('pg_ctl', ['-D', dataDirectory, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore', timeout: 30_000 });
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    run('initdb', ['-D', dataDirectory, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
    const settings = [
      `-c unix_socket_directories=${folder}`,
      "-c listen_addresses=''",
      // Test files run in parallel, each with receivers and their pools.
      '-c max_connections=200',
      ...(fsync ? [] : ['-c fsync=off', '-c full_page_writes=off']),
    ];
    try {
      run('pg_ctl', ['-D', dataDirectory, '-l', logFile, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
    } catch (error) {
      const log = existsSync(logFile) ? lastLine(readFileSync(logFile, 'utf8')) : '';
      throw new Error(`${error instanceof Error ? error.message : String(error)}${log ? ` (${log})` : ''}`);
    }
  } catch (error) {
    stop();
    throw error;
  }
    // "localhost" only to make a URL that parses everywhere: the host parameter (the socket's folder) wins.
  return { url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(folder)}`, stop };
}
