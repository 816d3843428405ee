import * as vscode from 'vscode';
import { Log } from '../../common/log';
import { ClusterConfig } from '../../kafka/connection/clusterConfig';
import { ClusterRegistry } from '../../state/clusterRegistry';
import { answerRequest, ParsedEnvelope, RequestAnswer } from '../webview/messages';
import { webviewHtml } from './html';

/** What a feature tells the host about one of its panels; the host does the rest. */
export interface PanelSpec<Request> {
  /** The webview type, under which VS Code restores the panel after a window reload. */
  readonly viewType: string;
  /** The feature whose webview bundle the page loads: media/dist/<feature>.js and .css. */
  readonly feature: string;
  /** The editor tab's title. */
  readonly title: string;
  /** The page's own title, which screen readers announce for the frame. */
  readonly pageTitle: string;
  readonly extensionUri: vscode.Uri;
  /** The panel VS Code brought back after a window reload; a new one is opened when absent. */
  readonly revived?: vscode.WebviewPanel;
  /** The protocol's parser: every message from the webview is checked by it before anything runs. */
  readonly parse: (raw: unknown) => ParsedEnvelope<Request>;
  /** Carries out one checked request; what it throws is what the user reads in the panel. */
  readonly handle: (request: Request) => Promise<void>;
  readonly describeError: (error: unknown) => string;
  readonly warn: (message: string) => void;
  /** Shown, hidden or moved. */
  readonly onDidChangeViewState?: () => void;
  /** The panel closed (by the user or by dispose()); called once, after the host let go of everything. */
  readonly onDidDispose: () => void;
}

/**
 * One webview panel: created (or taken back after a reload) under a strict CSP with a nonce,
 * every message from the webview checked at the edge and answered `done` or `failed`,
 * messages posted only while it is open, everything disposed with it. Every panel of the
 * extension is one of these; a feature never handles a vscode.WebviewPanel itself.
 */
export class PanelHost<Request, HostMessage> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly spec: PanelSpec<Request>) {
    const media = vscode.Uri.joinPath(spec.extensionUri, 'media');
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = { enableScripts: true, localResourceRoots: [media] };
    if (spec.revived) {
      spec.revived.webview.options = options;
    }
    this.panel = spec.revived ?? vscode.window.createWebviewPanel(spec.viewType, spec.title, vscode.ViewColumn.Active, options);
    this.panel.title = spec.title;
    this.panel.iconPath = vscode.Uri.joinPath(media, 'kafka.svg');
    this.panel.webview.html = webviewHtml(this.panel.webview, media, spec.feature, spec.pageTitle);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    const onViewState = spec.onDidChangeViewState;
    if (onViewState) {
      this.disposables.push(this.panel.onDidChangeViewState(() => onViewState()));
    }
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  set title(title: string) {
    if (!this.disposed) {
      this.panel.title = title;
    }
  }

  /**
   * A message from the webview: checked, carried out, answered with done or failed (posted,
   * and returned for tests). Nothing is left unanswered or unhandled.
   */
  async receive(raw: unknown): Promise<RequestAnswer> {
    const answer = await answerRequest(this.spec.parse(raw), this.spec.handle, this.spec.describeError, this.spec.warn);
    this.post(answer);
    return answer;
  }

  /** Posts to the webview while the panel is open; a closed panel's messages go nowhere. */
  post(message: HostMessage | RequestAnswer): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
    this.spec.onDidDispose();
  }
}

/** A panel of one cluster. */
export interface ClusterPanel extends vscode.Disposable {
  readonly clusterName: string;
}

/** How a feature's panels of one type come back after a window reload, and what they do when their cluster goes. */
export interface PanelFamily<Saved extends { readonly clusterName: string }, P extends ClusterPanel> {
  readonly viewType: string;
  /** Named in the log: "tail", "group view". */
  readonly what: string;
  /** The protocol's check of the state the webview saved; undefined when it is not one. */
  readonly parseSaved: (state: unknown) => Saved | undefined;
  /** The panel again, in the webview VS Code restored, for the saved state of a cluster that still exists. */
  readonly restore: (webviewPanel: vscode.WebviewPanel, saved: Saved, cluster: ClusterConfig) => P;
  /** The panel's cluster was removed or renamed. */
  readonly clusterGone: (panel: P) => void;
}

/**
 * The open panels of one type. After a window reload VS Code hands back each panel's webview
 * with the state it saved: checked, and restored when its cluster still exists, else closed
 * (and logged). All are disposed with the extension.
 */
export class OpenPanels<Saved extends { readonly clusterName: string }, P extends ClusterPanel> implements vscode.Disposable {
  private readonly open = new Set<P>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(family: PanelFamily<Saved, P>, registry: ClusterRegistry, log: Log) {
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(family.viewType, {
        deserializeWebviewPanel: async (webviewPanel, state) => {
          const saved = family.parseSaved(state);
          const cluster = saved && registry.get(saved.clusterName);
          if (!saved || !cluster) {
            const why = saved ? `cluster "${saved.clusterName}" is gone` : 'it saved nothing to restore';
            log.info(`${family.what}: a panel from before the reload is closed: ${why}`);
            webviewPanel.dispose();
            return;
          }
          this.open.add(family.restore(webviewPanel, saved, cluster));
        },
      }),
      registry.onDidChange(() => {
        for (const panel of this.open) {
          if (!registry.get(panel.clusterName)) {
            family.clusterGone(panel);
          }
        }
      }),
    ];
  }

  get all(): readonly P[] {
    return [...this.open];
  }

  add(panel: P): P {
    this.open.add(panel);
    return panel;
  }

  delete(panel: P): void {
    this.open.delete(panel);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.open.forEach((panel) => panel.dispose());
  }
}
