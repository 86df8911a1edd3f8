// The schemaguard VS Code extension: starts `schemaguard lsp` (the binary named by the
// `schemaguard.path` setting) as a language server over stdio for the files schemaguard
// checks, and restarts it when the setting changes. All analysis happens in the server.
import * as vscode from 'vscode';
import {
  DocumentSelector,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

// What the CLI checks: SQL migrations, Prisma and Drizzle schemas, ORM code, package.json
// scripts, Dockerfiles, shell scripts, CI workflows and Procfiles.
const documentSelector: DocumentSelector = [
  { scheme: 'file', language: 'sql' },
  { scheme: 'file', language: 'prisma' },
  { scheme: 'file', pattern: '**/*.prisma' },
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', pattern: '**/package.json' },
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'file', language: 'shellscript' },
  { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/.gitlab-ci.yml' },
  { scheme: 'file', pattern: '**/Procfile' },
];

function serverOptions(): ServerOptions {
  const config = vscode.workspace.getConfiguration('schemaguard');
  const command = config.get<string>('path') || 'schemaguard';
  const extra = config.get<string[]>('args') ?? [];
  const run: Executable = {
    command,
    args: ['lsp', ...extra],
    transport: TransportKind.stdio,
  };
  return { run, debug: run };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannelName: 'schemaguard',
  };
  client = new LanguageClient('schemaguard', 'schemaguard', serverOptions(), clientOptions);
  try {
    await client.start();
  } catch (err) {
    const path = vscode.workspace.getConfiguration('schemaguard').get<string>('path');
    void vscode.window.showErrorMessage(
      `schemaguard: could not start "${path} lsp" (${String(err)}). ` +
        'Set "schemaguard.path" to the schemaguard binary.',
    );
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
  await start(context);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('schemaguard.restart', () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('schemaguard.path') || e.affectsConfiguration('schemaguard.args')) {
        void restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
}
