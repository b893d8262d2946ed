// The time a build stamps into what it writes (the import files' `exportTime`): the source's date, never the clock,
// so that two builds of one commit are byte for byte the same (test/build/reproducible.test.ts).
// - SOURCE_DATE_EPOCH (seconds), when set: the reproducible-builds.org convention for pinning a build's date;
// - else the commit date of HEAD (`git log -1 --format=%cI`), in a clone;
// - else the date of the newest release in CHANGELOG.md, which the npm package ships, so a build from the unpacked
//   tarball gets the release's date.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The build's date for the sources in `root`, and where it came from. */
export function sourceDate(root = '.', env = process.env) {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch) {
    if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}"`);
    return { date: new Date(Number(epoch) * 1000), from: 'SOURCE_DATE_EPOCH' };
  }
  const committed = gitCommitDate(root);
  if (committed) return { date: committed, from: 'git commit' };
  const released = /^## \[[^\]]+\] - (\d{4}-\d{2}-\d{2})\s*$/m.exec(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'));
  if (released) return { date: new Date(`${released[1]}T00:00:00Z`), from: 'CHANGELOG.md' };
  throw new Error('no build date: set SOURCE_DATE_EPOCH, build in a git clone, or date a release in CHANGELOG.md');
}

function gitCommitDate(root) {
  try {
    const iso = execFileSync('git', ['log', '-1', '--format=%cI'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return iso ? new Date(iso) : undefined;
  } catch {
    return undefined; // not a clone, or no git
  }
}
