// @vitest-environment node
// The command line's table of subcommands: what --help lists, and the answer a script still calling the runner's old
// subcommand gets.
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('rokt-sgtm-bridge', () => {
  it('--help lists check, and only check', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout.split('Commands:\n')[1]?.trim().split(/ +/)[0]).toBe('check');
    expect(stdout).not.toContain('test-template');
  });

  it('test-template says where the command went, and fails', async () => {
    const { code, stderr } = await run(['test-template', 'a.tpl']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'rokt-sgtm-bridge: "test-template" has moved to the gtm-template-runner package: ' +
        'npx -p gtm-template-runner gtm-template-test <file.tpl>…\n',
    );
  });
});
