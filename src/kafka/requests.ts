/**
 * Requests of the generated wire layer (src/kafka/wire/generated) to one broker, over the
 * connection kafkajs already holds to it (kafkajsInternals.sendRawRequest), at the highest
 * version both Kafka Explorer and the broker speak (the broker's ApiVersions answer, which
 * kafkajs keeps), narrowed to the versions the caller can use.
 */
import { brokerApiVersions, InternalBroker, Lane, sendRawRequest } from './kafkajsInternals';
import { ApiDefinition } from './wire/common';
import { decodeResponseFrame, encodeRequestFrame } from './wire/frame';
import { commonVersion, requireCommonVersion, WantedVersions } from './wire/versions';

/** The version of `api` a request to `broker` would use; undefined when the two have none in common. */
export function versionFor(broker: InternalBroker, api: ApiDefinition<never, unknown>, wanted?: WantedVersions): number | undefined {
  return commonVersion(api, brokerApiVersions(broker, api.apiKey), wanted);
}

export interface Answer<Response> {
  /** The version spoken: fields other versions have are at their defaults. */
  readonly version: number;
  readonly response: Response;
}

/**
 * Sends `request` (or what `request` builds for the version chosen) and decodes the answer.
 * Throws an UnsupportedVersionError, saying which versions each side has, when no version is common.
 * `lane`: which of the broker's two connections carries it (see Lane).
 */
export async function sendRequest<Request, Response>(
  broker: InternalBroker,
  api: ApiDefinition<Request, Response>,
  request: Request | ((version: number) => Request),
  wanted?: WantedVersions,
  lane: Lane = 0,
): Promise<Answer<Response>> {
  const version = requireCommonVersion(api, brokerApiVersions(broker, api.apiKey), wanted);
  const body = encodeRequestFrame(
    api,
    typeof request === 'function' ? (request as (version: number) => Request)(version) : request,
    version,
  );
  const response = await sendRawRequest(
    broker,
    { apiKey: api.apiKey, apiVersion: version, apiName: api.name, body },
    (payload) => decodeResponseFrame(api, payload, version),
    lane,
  );
  return { version, response };
}
