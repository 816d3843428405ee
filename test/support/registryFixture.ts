/**
 * The Schema Registry for the integration and e2e layers: test/runAll.ts starts one for the
 * whole run and passes KE_REGISTRY_URL; a layer run alone starts its own on first use (and
 * stops it when mocha ends). A registry that cannot start fails the test that needs it.
 */
import { SchemaRegistry, startSchemaRegistry } from '../harness/registry';

let own: Promise<SchemaRegistry> | undefined;

export async function testRegistryUrl(): Promise<string> {
  const shared = process.env.KE_REGISTRY_URL;
  if (shared) {
    return shared;
  }
  own ??= startSchemaRegistry();
  return (await own).url;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await (await own?.catch(() => undefined))?.stop();
}
