/**
 * The producer id and epoch of an idempotent produce, from InitProducerId. One per
 * produceMessages call: its sequence numbers then start at 0 in every partition and no
 * state is shared between two produces running at once.
 */
import { isRetriable } from '../errors';
import { InternalBroker, protocolErrorFromCode, sendRawRequest, supportsApi } from '../kafkajsInternals';
import { decodeInitProducerId, encodeInitProducerId, INIT_PRODUCER_ID_KEY, INIT_PRODUCER_ID_VERSIONS } from '../wire/initProducerId';

export interface ProducerIdentity {
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

const ATTEMPTS = 5;
const BACKOFF_MS = 100;

export async function initProducerIdentity(broker: InternalBroker): Promise<ProducerIdentity> {
  const apiVersion = INIT_PRODUCER_ID_VERSIONS.find((v) => supportsApi(broker, INIT_PRODUCER_ID_KEY, v)) ?? 0;
  for (let attempt = 1; ; attempt++) {
    const answer = await sendRawRequest(
      broker,
      { apiKey: INIT_PRODUCER_ID_KEY, apiVersion, apiName: 'InitProducerId', body: encodeInitProducerId() },
      decodeInitProducerId,
    );
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
