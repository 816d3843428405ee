import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * A small Kafka Streams app of the streams rebalance protocol (KIP-1071, group.protocol=streams), whose application id
 * is a streams group for the tests (test/integration/streamsGroups.test.ts). Run as a single-file source program:
 *   java -cp '<kafka libs>/*:<kafka-streams libs>/*' test/java/StreamsApp.java <bootstrap> <appId> <input> <output> [host:port]
 * host:port is its application.server (the member's user endpoint), localhost:7070 by default.
 * It counts the input's values: selectKey re-keys each record by its value, so groupByKey needs a repartition topic and
 * the topology has two subtopologies (0: input → repartition sink; 1: repartition source → count → output), with the
 * count's store changelogged. The store is in memory, so RocksDB (rocksdbjni) is not needed.
 * Prints "STATE <new> <old>" on each state change ("STATE RUNNING ..." is what the test waits for) and
 * "TOPOLOGY ..." once; SIGTERM closes it, leaving the group.
 */
public class StreamsApp {
  public static void main(String[] args) throws Exception {
    if (args.length != 4 && args.length != 5) {
      System.err.println("usage: StreamsApp <bootstrap> <appId> <input> <output> [host:port]");
      System.exit(2);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("streams-app-").toString());
    // Commits often, so the test sees the committed offsets catch up without waiting the default 30 s.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, args.length == 5 ? args[4] : "localhost:7070");

    StreamsBuilder builder = new StreamsBuilder();
    builder
        .stream(args[2], Consumed.with(Serdes.String(), Serdes.String()))
        .selectKey((key, value) -> value)
        .groupByKey()
        .count(Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("counts"))
            .withKeySerde(Serdes.String())
            .withValueSerde(Serdes.Long()))
        .toStream()
        .to(args[3], Produced.with(Serdes.String(), Serdes.Long()));
    Topology topology = builder.build(props);
    System.out.println("TOPOLOGY " + topology.describe().toString().replace('\n', ' '));

    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      System.out.println("STATE " + now + " " + before);
      System.out.flush();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(java.time.Duration.ofSeconds(10));
      closed.countDown();
    }));
    streams.start();
    closed.await();
  }
}
