import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'kafka-explorer-preview';

/**
 * Read-only text documents for previews (the dry run of an offset reset, say): shown in
 * an editor, never dirty, never asking to be saved.
 */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(title: string, content: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${++this.counter}/${title.replace(/[\\/]/g, '_')}.txt` });
    this.contents.set(uri.toString(), content);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
    return document;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
