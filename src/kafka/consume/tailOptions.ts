/**
 * What a tail is asked to read and how it reports: the options, states and listener of a
 * TailSession (tailSession.ts), apart from its workings.
 */
import type { TailEnd } from './scanRange';
import type { TailMessage } from './tailMessages';

/** Where a tail starts reading (kafka-python's auto_offset_reset, and more). */
export type TailStart =
  | { readonly kind: 'latest' }
  | { readonly kind: 'earliest' }
  | { readonly kind: 'offset'; readonly offset: bigint }
  | { readonly kind: 'timestamp'; readonly timestamp: number }
  | { readonly kind: 'lastN'; readonly count: number };

export type TailGroup =
  /** No group of the user's: the tail's own fetches, or kafkajs' consumer in a throwaway group deleted when it stops (see fetchPath). */
  | { readonly kind: 'ephemeral' }
  /** A real group: partitions are shared with its other members; its committed offsets win over `start`. */
  | { readonly kind: 'named'; readonly groupId: string; readonly autoCommit: boolean };

export interface TailOptions {
  /** Topic names, or one regular expression (also matching topics created later). */
  readonly topics: readonly string[] | { readonly pattern: string };
  /** Only these partitions (of every topic); all when absent. */
  readonly partitions?: readonly number[];
  readonly start: TailStart;
  readonly group: TailGroup;
  /** Stop after this many messages (kafka-python: max_records, roughly). */
  readonly maxMessages?: number;
  /** Stop after this long without a message (kafka-python: consumer_timeout_ms). */
  readonly idleTimeoutMs?: number;
  /** How often a pattern is checked for new topics. */
  readonly topicRefreshMs?: number;
  /** A search: where it ends; it stops by itself once every partition got there. Absent: a live tail. */
  readonly end?: TailEnd;
  /**
   * How a tail without a named group reads: its own Fetch requests ('own', the default) or a kafkajs
   * consumer in a throwaway group ('kafkajs'). A named group always uses kafkajs' consumer.
   */
  readonly fetchPath?: FetchPath;
}

export type FetchPath = 'own' | 'kafkajs';

export type TailState = 'starting' | 'running' | 'paused' | 'stopped' | 'error';

export interface TailListener {
  /** May return a promise (the panel fetches the batch's schemas first): the next batch waits for it. */
  onMessages(messages: readonly TailMessage[]): void | Promise<void>;
  onState(state: TailState, detail?: string): void;
  /**
   * How many more messages the listener takes now (unlimited when absent). At 0 the
   * consumer pauses and keeps its place until `resume()`: nothing is dropped.
   */
  room?(): number;
}

/** The detail of the 'paused' state while the listener has no room. */
export const WAITING_FOR_ROOM = 'waiting for room';
