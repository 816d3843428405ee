import type { TailForm } from '../protocol';

/** What a new tail panel's form holds. */
export const DEFAULT_FORM: TailForm = {
  topics: '',
  pattern: false,
  partitions: '',
  start: 'latest',
  startValue: '',
  groupId: '',
  autoCommit: false,
  keyDeserializer: 'auto',
  valueDeserializer: 'auto',
  headerFormat: 'text',
  maxMessages: '',
  idleSeconds: '',
  end: 'live',
  endValue: '',
};
