import { ClusterTreeNode, nodeId } from '../../workbench/treeNodes';

/**
 * The nodes the tree handed to VS Code, by id, and newer data for them. VS Code keeps the node
 * objects it was given and redraws one by asking for that same object again, so a node
 * redrawn in place (the live refresh) finds its newest data here, by id.
 */
export class ShownNodes {
  private readonly shown = new Map<string, ClusterTreeNode>();
  private readonly latest = new Map<string, ClusterTreeNode>();
  /** The ids of the children last handed out under each node ('' for the roots), and each child's parent. */
  private readonly childIds = new Map<string, readonly string[]>();
  private readonly parents = new Map<string, ClusterTreeNode>();
  /** The id of each object handed out: anything else (a command's URI argument) is never taken for a node. */
  private readonly ids = new WeakMap<object, string>();

  /** Children handed out under `parent` (their data is the newest now). */
  record(parent: ClusterTreeNode | undefined, children: readonly ClusterTreeNode[]): void {
    for (const child of children) {
      const id = nodeId(child);
      this.shown.set(id, child);
      this.ids.set(child, id);
      this.latest.delete(id);
      if (parent) {
        this.parents.set(id, parent);
      }
    }
    this.childIds.set(parent ? nodeId(parent) : '', children.map(nodeId));
  }

  /** The object VS Code holds for this id. */
  get(id: string): ClusterTreeNode | undefined {
    return this.shown.get(id);
  }

  parentOf(node: ClusterTreeNode): ClusterTreeNode | undefined {
    return this.parents.get(nodeId(node));
  }

  /** The newest data of a node handed to VS Code (a command's argument, say); anything else as it is. */
  latestOf<T>(value: T): T {
    const id = typeof value === 'object' && value !== null ? this.ids.get(value) : undefined;
    return id !== undefined && this.shown.get(id) === (value as unknown) ? ((this.latest.get(id) as T | undefined) ?? value) : value;
  }

  /** The children last handed out under `parent`, with their newest data. */
  childrenOf(parent: ClusterTreeNode): ClusterTreeNode[] {
    return (this.childIds.get(nodeId(parent)) ?? []).flatMap((id) => {
      const node = this.latest.get(id) ?? this.shown.get(id);
      return node ? [node] : [];
    });
  }

  /** Keeps `node` as the newest data of its id; returns the object VS Code holds for it, if it holds one. */
  update(node: ClusterTreeNode): ClusterTreeNode | undefined {
    const id = nodeId(node);
    const shown = this.shown.get(id);
    if (shown) {
      this.latest.set(id, node);
    }
    return shown;
  }

  clear(): void {
    this.shown.clear();
    this.latest.clear();
    this.childIds.clear();
    this.parents.clear();
  }
}
