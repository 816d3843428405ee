/**
 * Integration test files that need an API newer than the broker under test has. Mocha's configs
 * forbid pending tests (`forbidPending`, so that nothing is quietly skipped), so such a file is
 * not skipped from inside mocha: test/runAll.ts leaves it out of that broker's run and prints why.
 */
import { kafkaVersionAtLeast } from '../harness/kafka';

export interface LeftOutSpec {
  /** The compiled file, relative to the repository root, as mocha's `--ignore` takes it. */
  readonly file: string;
  readonly reason: string;
}

const NEEDS_NEWER: readonly { readonly file: string; readonly since: string; readonly reason: string }[] = [
  {
    file: 'streamsGroups.test.ts',
    since: '4.2',
    // A fresh 4.1.2 node does not offer the streams.version feature at all (FeatureCommand describe); 4.4.0 finalizes it.
    reason: 'streams groups (KIP-1071, StreamsGroupDescribe) are on by default from Kafka 4.2 (early access before)',
  },
  {
    file: 'shareGroups.test.ts',
    since: '4.2',
    reason:
      'share groups (KIP-932) are on by default from Kafka 4.2 (share.version finalized); older brokers have no ShareGroupDescribe v1 or share-group offset APIs',
  },
];

/** Files that test something beside Kafka, the same with any broker: run once, on the pinned one. */
const PINNED_ONLY: readonly { readonly file: string; readonly reason: string }[] = [
  {
    file: 'keycloak.test.ts',
    reason: 'the identity provider is tested once, with the pinned broker (Keycloak takes about a minute to start)',
  },
];

/** The integration files left out on Kafka `version` (`pinned`: the default broker), each with its reason. */
export function specsNotRunOn(version: string, pinned: boolean): LeftOutSpec[] {
  const leftOut = [...NEEDS_NEWER.filter((spec) => !kafkaVersionAtLeast(version, spec.since)), ...(pinned ? [] : PINNED_ONLY)];
  return leftOut.map(({ file, reason }) => ({ file: `out/test/integration/${file.replace(/\.ts$/, '.js')}`, reason }));
}
