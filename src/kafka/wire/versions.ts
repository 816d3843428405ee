/**
 * Which version of an API to speak to a broker: the highest one both the generated code and
 * the broker (its ApiVersions answer, which kafkajs keeps for each broker) have, narrowed to
 * what the caller can use. A latest version the spec marks unstable is left out, as Kafka's
 * own clients leave it out (brokers offer it only with unstable.api.versions.enable).
 */
import { WireError } from './common';

export interface VersionRange {
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** The versions of an API a caller can use, when it needs some only (a field a version added, or one a later version dropped). */
export interface WantedVersions {
  readonly minVersion?: number;
  readonly maxVersion?: number;
}

interface VersionedApi extends VersionRange {
  readonly name: string;
  readonly apiKey: number;
  readonly latestVersionUnstable: boolean;
}

/** The versions Kafka Explorer speaks of `api`: the generated ones (without an unstable last one) within `wanted`. */
export function ourVersions(api: VersionedApi, wanted: WantedVersions = {}): VersionRange {
  const generatedMax = api.latestVersionUnstable ? api.maxVersion - 1 : api.maxVersion;
  return {
    minVersion: Math.max(api.minVersion, wanted.minVersion ?? api.minVersion),
    maxVersion: Math.min(generatedMax, wanted.maxVersion ?? generatedMax),
  };
}

/** The highest version both sides speak; undefined when the broker lacks the API or the ranges do not meet. */
export function commonVersion(api: VersionedApi, broker: VersionRange | undefined, wanted?: WantedVersions): number | undefined {
  if (!broker) {
    return undefined;
  }
  const ours = ourVersions(api, wanted);
  const highest = Math.min(ours.maxVersion, broker.maxVersion);
  return highest >= Math.max(ours.minVersion, broker.minVersion) ? highest : undefined;
}

/** No version of an API that both Kafka Explorer and the broker speak. */
export class UnsupportedVersionError extends WireError {
  constructor(
    readonly api: string,
    readonly broker: VersionRange | undefined,
    readonly ours: VersionRange,
  ) {
    const theirs = broker ? `speaks ${api} v${broker.minVersion}-v${broker.maxVersion} only` : `does not offer ${api} at all`;
    super(`The broker ${theirs}; Kafka Explorer needs ${api} v${ours.minVersion}-v${ours.maxVersion}, so there is no version both speak.`);
    this.name = 'UnsupportedVersionError';
  }
}

/** commonVersion, or an UnsupportedVersionError that says which versions each side has. */
export function requireCommonVersion(api: VersionedApi, broker: VersionRange | undefined, wanted?: WantedVersions): number {
  const version = commonVersion(api, broker, wanted);
  if (version === undefined) {
    throw new UnsupportedVersionError(api.name, broker, ourVersions(api, wanted));
  }
  return version;
}
