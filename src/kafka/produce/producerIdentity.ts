/**
 * The producer id and epoch of an idempotent produce, from InitProducerId. One per
 * produceMessages call: its sequence numbers then start at 0 in every partition and no
 * state is shared between two produces running at once.
 */
import { isRetriable } from '../errors';
import { InternalBroker, protocolErrorFromCode } from '../kafkajsInternals';
import { sendRequest } from '../requests';
import { INIT_PRODUCER_ID, InitProducerIdRequest } from '../wire/generated/initProducerId';

export interface ProducerIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

const ATTEMPTS = 5;
const BACKOFF_MS = 100;

/** An idempotent, non-transactional producer: no transactional id, a new producer id (-1, epoch -1). */
export const IDEMPOTENT_PRODUCER: InitProducerIdRequest = {
  transactionalId: null,
  // Java's default transaction.timeout.ms; a non-transactional producer's is not used.
  transactionTimeoutMs: 60000,
  producerId: -1n,
  producerEpoch: -1,
};

export async function initProducerIdentity(broker: InternalBroker): Promise<ProducerIdentity> {
  for (let attempt = 1; ; attempt++) {
    const { response: answer } = await sendRequest(broker, INIT_PRODUCER_ID, IDEMPOTENT_PRODUCER);
    if (answer.errorCode === 0) {
      return { producerId: answer.producerId, producerEpoch: answer.producerEpoch };
    }
    const error = protocolErrorFromCode(answer.errorCode);
    // A coordinator still loading, say: worth a moment's wait, a few times.
    if (!isRetriable(error) || attempt >= ATTEMPTS) {
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * attempt));
  }
}
