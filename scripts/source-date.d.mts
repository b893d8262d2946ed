/** The build's date for the sources in `root` (SOURCE_DATE_EPOCH, else HEAD's commit date, else CHANGELOG.md's newest release), and where it came from. */
export function sourceDate(
  root?: string,
  env?: Record<string, string | undefined>,
): { date: Date; from: 'SOURCE_DATE_EPOCH' | 'git commit' | 'CHANGELOG.md' };
