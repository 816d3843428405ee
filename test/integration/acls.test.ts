import * as assert from 'node:assert/strict';
import { AclBinding, aclKey, createAcl, deleteAcl, listAcls } from '../../src/kafka/admin/acls';
import { ClusterSnapshot } from '../../src/kafka/admin/clusterSnapshot';
import { ClusterConnection } from '../../src/kafka/connection/connection';
import { describeKafkaError, isRetriable } from '../../src/kafka/errors';
import { KafkaCluster, startKafkaCluster } from '../harness/kafka';
import { waitFor } from '../harness/processes';
import { testKafka } from '../support/kafkaFixture';
import { KAFKA_TOOLS, runKafkaTool } from '../support/kafkaTools';

/** Kafka's `kafka-acls.sh --list`, parsed into the same shape: the reference to compare with. */
function aclsFromKafkaTool(bootstrap: string): string[] {
  const out = runKafkaTool(KAFKA_TOOLS.aclCommand, ['--bootstrap-server', bootstrap, '--list']);
  const keys: string[] = [];
  let resource: RegExpExecArray | null = null;
  for (const line of out.split('\n')) {
    resource = /ResourcePattern\(resourceType=(\w+), name=(.*), patternType=(\w+)\)/.exec(line) ?? resource;
    const entry = /\(principal=(.*), host=(.*), operation=(\w+), permissionType=(\w+)\)/.exec(line);
    if (entry && resource) {
      const [, principal, host, operation, permission] = entry;
      const [, resourceType, resourceName, patternType] = resource;
      keys.push(aclKey({ principal, host, operation, permission, resourceType, resourceName, patternType } as AclBinding));
    }
  }
  return keys.sort((a, b) => a.localeCompare(b));
}

describe('ACLs on a broker with StandardAuthorizer, a super user and a restricted user', function () {
  this.timeout(180000);
  const timeouts = { connectionTimeoutMs: 3000, requestTimeoutMs: 30000 };
  let kafka: KafkaCluster;
  let admin: ClusterConnection;
  let alice: ClusterConnection;

  const connectAs = (user: string, password: string) =>
    new ClusterConnection(
      { name: `acls-${user}`, bootstrapServers: kafka.saslBootstrapServers, sasl: { mechanism: 'scram-sha-256', username: user } },
      { ...timeouts, secrets: async () => ({ saslPassword: password }) },
    );

  const aliceReadsOrders: AclBinding[] = [
    {
      principal: 'User:alice',
      host: '*',
      operation: 'DESCRIBE',
      permission: 'ALLOW',
      resourceType: 'TOPIC',
      resourceName: 'orders',
      patternType: 'LITERAL',
    },
    {
      principal: 'User:alice',
      host: '*',
      operation: 'READ',
      permission: 'ALLOW',
      resourceType: 'TOPIC',
      resourceName: 'orders',
      patternType: 'LITERAL',
    },
    {
      principal: 'User:alice',
      host: '*',
      operation: 'DESCRIBE',
      permission: 'ALLOW',
      resourceType: 'GROUP',
      resourceName: 'alice-',
      patternType: 'PREFIXED',
    },
  ];

  before(async () => {
    // Its own broker: the shared one has no authorizer. The PLAINTEXT listener (inter-broker,
    // controller, the harness' readiness check) is ANONYMOUS, so it is a super user too.
    kafka = await startKafkaCluster({
      security: { saslUsers: { admin: 'admin-secret', alice: 'alice-secret' } },
      config: {
        'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        'super.users': 'User:admin;User:ANONYMOUS',
      },
    });
    admin = connectAs('admin', 'admin-secret');
    alice = connectAs('alice', 'alice-secret');
    await admin.query('create topics', ({ admin: a }) =>
      a.createTopics({ topics: [{ topic: 'orders' }, { topic: 'secret-topic' }], waitForLeaders: true }),
    );
    // Committed offsets make the groups exist without running consumers.
    for (const groupId of ['alice-app', 'secret-group']) {
      await admin.query('commit offsets', ({ admin: a }) =>
        a.setOffsets({ groupId, topic: 'orders', partitions: [{ partition: 0, offset: '0' }] }),
      );
    }
  });
  after(async () => {
    await admin?.close();
    await alice?.close();
    await kafka?.stop();
  });

  it('says a cluster without an authorizer has ACLs off', async () => {
    const plain = new ClusterConnection({ name: 'no-authorizer', bootstrapServers: testKafka().bootstrapServers }, timeouts);
    try {
      assert.deepEqual(await plain.query('describe ACLs', ({ admin: a }) => listAcls(a)), { authorizer: false });
    } finally {
      await plain.close();
    }
  });

  it('lists, creates and deletes ACLs as the super user, as kafka-acls.sh sees them', async () => {
    const plaintext = kafka.bootstrapServers[0];
    assert.deepEqual(await admin.query('describe ACLs', ({ admin: a }) => listAcls(a)), { authorizer: true, acls: [] });
    for (const acl of aliceReadsOrders) {
      await admin.query('create ACL', ({ admin: a }) => createAcl(a, acl));
    }
    const extra: AclBinding = { ...aliceReadsOrders[1], permission: 'DENY', host: '10.0.0.1' };
    await admin.query('create ACL', ({ admin: a }) => createAcl(a, extra));
    const expected = [...aliceReadsOrders, extra].map(aclKey).sort((a, b) => a.localeCompare(b));
    // The authorizer applies a change once its metadata record reaches it: under load the listing
    // right after the last create missed that ACL.
    const listedWhen = async (count: number): Promise<string[]> => {
      let seen: string[] = [];
      await waitFor(
        `${count} ACLs listed`,
        async () => {
          const listed = await admin.query('describe ACLs', ({ admin: a }) => listAcls(a));
          seen = listed.authorizer ? listed.acls.map(aclKey) : [];
          return seen.length === count ? true : undefined;
        },
        { timeoutMs: 30000, seen: () => seen.join(' | ') },
      );
      return seen;
    };
    assert.deepEqual(await listedWhen(expected.length), expected);
    assert.deepEqual(aclsFromKafkaTool(plaintext), expected);

    // Exactly that one ACL goes: its ALLOW neighbour on the same resource stays.
    assert.equal(await admin.query('delete ACL', ({ admin: a }) => deleteAcl(a, extra)), 1);
    assert.equal(await admin.query('delete ACL', ({ admin: a }) => deleteAcl(a, extra)), 0);
    const left = aliceReadsOrders.map(aclKey).sort((a, b) => a.localeCompare(b));
    assert.deepEqual(await listedWhen(left.length), left);
    assert.deepEqual(aclsFromKafkaTool(plaintext), left);
  });

  it('refuses an ACL the broker would refuse, before sending it', async () => {
    const bad: AclBinding = { ...aliceReadsOrders[0], principal: 'alice' };
    await assert.rejects(
      admin.query('create ACL', ({ admin: a }) => createAcl(a, bad)),
      /principal is "Type:name"/,
    );
  });

  it('shows the restricted user what she may see, and says "not authorized" with what was denied for the rest', async () => {
    const snapshot = new ClusterSnapshot(alice);
    // What she may describe loads: one topic, one group.
    const metadata = await snapshot.metadata();
    assert.deepEqual(
      metadata.topics.map((t) => t.name),
      ['orders'],
    );
    const groups = await snapshot.consumerGroups();
    assert.deepEqual(
      groups.map((g) => g.groupId),
      ['alice-app'],
    );

    const denied = async (work: Promise<unknown>, pattern: RegExp) => {
      const error = await work.then(
        () => assert.fail('expected "not authorized"'),
        (e: unknown) => e,
      );
      assert.match(describeKafkaError(error), pattern);
      assert.equal(isRetriable(error), false);
    };
    await denied(snapshot.acls(), /^Not authorized to describe ACLs \(CLUSTER_AUTHORIZATION_FAILED/);
    await denied(snapshot.topicConfigs('orders'), /^Not authorized to describe the configs of topic orders \(TOPIC_AUTHORIZATION_FAILED/);
    await denied(
      // She may describe alice-app (so its coordinator is found) but not delete it.
      alice.query('delete consumer group alice-app', ({ admin: a }) => a.deleteGroups(['alice-app'])),
      /^Not authorized to delete consumer group alice-app \(GROUP_AUTHORIZATION_FAILED: consumer group access denied\)$/,
    );
    await denied(
      alice.query('create ACL', ({ admin: a }) => createAcl(a, { ...aliceReadsOrders[0], operation: 'WRITE' })),
      /^Not authorized to create ACL \(CLUSTER_AUTHORIZATION_FAILED/,
    );
    // A denial leaves the connection usable: what she may see still loads afterwards.
    assert.deepEqual(
      (await new ClusterSnapshot(alice).metadata()).topics.map((t) => t.name),
      ['orders'],
    );
  });

  it('leaves topic sizes out for a user without DESCRIBE on the cluster, and gives them to the super user', async () => {
    // DescribeLogDirs needs DESCRIBE on the cluster: the broker answers CLUSTER_AUTHORIZATION_FAILED, not an error for the tree.
    assert.deepEqual(
      await new ClusterSnapshot(alice).topicSizes(),
      new Map([['orders', { leaderBytes: undefined, replicaBytes: undefined }]]),
    );
    const sizes = await new ClusterSnapshot(admin).topicSizes();
    assert.equal(typeof sizes.get('orders')?.leaderBytes, 'bigint');
  });
});
