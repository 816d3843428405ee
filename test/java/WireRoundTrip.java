import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Readable;

/**
 * Kafka's own message classes checking Kafka Explorer's generated wire code (test/integration/wireRoundTrip.test.ts).
 * Reads one case per line on stdin, answers one line each on stdout (JSON). A case names an API, a version and a
 * kind:
 *   request   "json" (Kafka's JSON form of a request) and "ours" (our encoding of it, hex): Kafka's classes write the
 *             JSON's message, which must be our bytes, and read our bytes, which must be the JSON's message;
 *   response  "json": Kafka's classes write it; the answer's "bytes" (hex) are for our decoder;
 *   decoded   "json" and "ours" (JSON of what our decoder read from those bytes): both must be the same message.
 * An answer has "mismatch" when the two sides differ, "error" when a step failed.
 */
public class WireRoundTrip {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      JsonNode c = MAPPER.readTree(line);
      ObjectNode answer = MAPPER.createObjectNode();
      answer.set("id", c.get("id"));
      try {
        handle(c, answer);
      } catch (Throwable t) {
        Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
        answer.put("error", cause.toString());
      }
      out.println(MAPPER.writeValueAsString(answer));
    }
  }

  private static void handle(JsonNode c, ObjectNode answer) throws Exception {
    String kind = c.get("kind").asText();
    String className = "org.apache.kafka.common.message." + c.get("api").asText() + (kind.equals("request") ? "Request" : "Response") + "Data";
    Class<?> data = Class.forName(className);
    Class<?> converter = Class.forName(className + "JsonConverter");
    Method read = converter.getMethod("read", JsonNode.class, short.class);
    Method write = converter.getMethod("write", data, short.class);
    short version = (short) c.get("version").asInt();
    Message expected = (Message) read.invoke(null, c.get("json"), version);
    switch (kind) {
      case "request": {
        byte[] theirs = serialize(expected, version);
        byte[] ours = HEX.parseHex(c.get("ours").asText());
        if (!Arrays.equals(theirs, ours)) {
          answer.put("mismatch", "bytes differ:\n  Kafka " + HEX.formatHex(theirs) + "\n  ours  " + HEX.formatHex(ours));
          return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(ours);
        Message actual = (Message) data.getConstructor(Readable.class, short.class).newInstance(new ByteBufferAccessor(buffer), version);
        if (buffer.hasRemaining()) {
          answer.put("mismatch", buffer.remaining() + " bytes of ours left after Kafka read the message");
        } else {
          compare(expected, actual, write, version, answer);
        }
        return;
      }
      case "response":
        answer.put("bytes", HEX.formatHex(serialize(expected, version)));
        return;
      case "decoded":
        compare(expected, (Message) read.invoke(null, c.get("ours"), version), write, version, answer);
        return;
      default:
        throw new IllegalArgumentException("unknown kind " + kind);
    }
  }

  private static byte[] serialize(Message message, short version) {
    ObjectSerializationCache cache = new ObjectSerializationCache();
    ByteBuffer buffer = ByteBuffer.allocate(message.size(cache, version));
    message.write(new ByteBufferAccessor(buffer), cache, version);
    if (buffer.hasRemaining()) {
      throw new IllegalStateException(buffer.remaining() + " bytes of the computed size not written");
    }
    return buffer.array();
  }

  private static void compare(Message expected, Message actual, Method write, short version, ObjectNode answer) throws Exception {
    String expectedJson = write.invoke(null, expected, version).toString();
    String actualJson = write.invoke(null, actual, version).toString();
    if (!expected.equals(actual) || !expectedJson.equals(actualJson)) {
      answer.put("mismatch", "messages differ:\n  Kafka " + expectedJson + "\n  ours  " + actualJson);
    }
  }
}
