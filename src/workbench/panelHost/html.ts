import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The page of a webview whose code is one bundled script in media/dist: a strict
 * Content-Security-Policy (nothing but our own style sheets, VS Code's icon font, images, and the one
 * script carrying a fresh nonce), so content from Kafka can never load or run anything.
 */
export function webviewHtml(webview: vscode.Webview, media: vscode.Uri, name: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', `${name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', `${name}.css`));
  const icons = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', 'codicon.css'));
  const csp = [
    `default-src 'none'`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${icons.toString()}">
<link rel="stylesheet" href="${style.toString()}">
<title>${title}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
