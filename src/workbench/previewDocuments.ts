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

  /**
   * Opens a read-only document. `extension` picks the editor's language by file name
   * (".json" for JSON, ".proto" for Protocol Buffers when an extension knows it).
   */
  async show(title: string, content: string, extension = '.txt'): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(this.add(title, content, extension));
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
    return document;
  }

  /** A read-only document's address without opening it (for a diff of two). */
  add(title: string, content: string, extension = '.txt'): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${++this.counter}/${title.replace(/[\\/]/g, '_')}${extension}` });
    this.contents.set(uri.toString(), content);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
