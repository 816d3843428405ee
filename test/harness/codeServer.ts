/**
 * code-server: VS Code's server and web workbench with a real Node extension host.
 * It stands in for the desktop VS Code that @vscode/test-electron would download.
 * Installed by scripts/install-code-server.sh into .cache/code-server/<version>.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { freePort } from './ports';
import { stopChild, trackChild, waitFor } from './processes';

export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.99.4';

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Folder opened in the workbench; a fresh empty one by default. */
  readonly workspace?: string;
  /** User settings merged over quiet defaults (no welcome page, no trust prompt). */
  readonly settings?: Record<string, unknown>;
  /** A .vsix to install before starting. */
  readonly vsix?: string;
  /** Extra environment for the server and its extension host. */
  readonly env?: Record<string, string>;
  /** Port to listen on (127.0.0.1); a free one by default. */
  readonly port?: number;
}

export function codeServerBin(): string {
  const bin = path.join(repoRoot, '.cache/code-server', CODE_SERVER_VERSION, 'node_modules/.bin/code-server');
  if (!fs.existsSync(bin)) {
    throw new Error(`code-server is not installed at ${bin}: run bash scripts/install-code-server.sh`);
  }
  return bin;
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const bin = codeServerBin();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-explorer-vscode-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const workspace = options.workspace ?? path.join(root, 'workspace');
  const logFile = path.join(root, 'code-server.log');
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, workspace]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (options.vsix) {
    const install = spawnSync(bin, [...common, '--install-extension', options.vsix], { encoding: 'utf8' });
    if (install.status !== 0) {
      throw new Error(`Installing ${options.vsix} failed:\n${install.stdout}\n${install.stderr}`);
    }
  }
  const port = options.port ?? (await freePort());
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    bin,
    [
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ],
    { stdio: ['ignore', out, out], env: { ...process.env, ...options.env } },
  );
  fs.closeSync(out);
  trackChild(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`code-server at ${url}`, async () => ((await fetch(`${url}/healthz`)).ok ? true : undefined), {
      timeoutMs: 60000,
      fail: () => (child.exitCode !== null ? `exited with ${child.exitCode}: ${fs.readFileSync(logFile, 'utf8')}` : undefined),
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    workspace,
    logFile,
    async stop() {
      await stopChild(child, 5000);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The workbench URL that loads an extension under development and runs a test module in its host. */
export function developmentUrl(server: CodeServer, extensionPath: string, testsPath: string): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  return `${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
