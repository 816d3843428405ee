import * as vscode from 'vscode';
import { ClusterRegistry } from '../state/clusterRegistry';

/** The walkthrough's id in package.json's `contributes.walkthroughs`. */
const WALKTHROUGH_ID = 'getStarted';

/** True while at least one cluster is configured; the walkthrough's first step is done when it turns true. */
const HAS_CLUSTERS_CONTEXT = 'kafkaExplorer.hasClusters';

/** What the walkthrough's Produce step sends: an order, the kind of JSON message Kafka carries. */
const SAMPLE_MESSAGE = JSON.stringify(
  { orderId: 'o-00042', customer: 'alice', items: [{ sku: 'sku-7', quantity: 2 }], totalCents: 1299 },
  null,
  2,
);

/**
 * Kafka: Get Started and the walkthrough's own button. VS Code opens the walkthrough by itself
 * once, when the extension is installed (`workbench.welcomePage.walkthroughs.openOnInstall`),
 * so nothing opens it on activation.
 */
export function registerWalkthrough(extensionId: string, registry: ClusterRegistry): vscode.Disposable[] {
  const showHasClusters = () => void vscode.commands.executeCommand('setContext', HAS_CLUSTERS_CONTEXT, registry.list().length > 0);
  showHasClusters();
  return [
    registry.onDidChange(showHasClusters),
    vscode.commands.registerCommand('kafkaExplorer.getStarted', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${WALKTHROUGH_ID}`, false),
    ),
    // While the walkthrough is the active editor there is no active text editor, so a plain
    // Produce Selection button could only say "open a document": this opens the sample, selected, first.
    vscode.commands.registerCommand('kafkaExplorer.produceSample', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: SAMPLE_MESSAGE });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(document.positionAt(0), document.positionAt(document.getText().length));
      return vscode.commands.executeCommand('kafkaExplorer.produceSelection');
    }),
  ];
}
