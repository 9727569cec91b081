package io.cartpulse.platform.kafka;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Makes the test kit's listeners bind to 127.0.0.1 only.
 *
 * <p>{@link KafkaClusterTestKit.Builder#build()} pre-binds one server socket per (node, listener)
 * on the wildcard address, whatever host the {@code listeners} setting names, and the broker then
 * adopts those sockets. Its socket manager opens a socket only for a (node, listener) that has none
 * yet, so loopback sockets handed to it before {@code build()} are the ones the broker and the
 * controller adopt. The manager is not public API, hence the reflection; {@link EmbeddedKafka}
 * falls back to the kit's own wildcard sockets when {@link #unsupportedReason} says it cannot.
 */
final class LoopbackSockets {

  static final String HOST = "127.0.0.1";
  private static final InetAddress LOOPBACK = loopback();

  private LoopbackSockets() {}

  /** A server socket bound to 127.0.0.1 on a free port, listening. */
  static ServerSocketChannel open(String listenerName) throws IOException {
    return ServerSocketFactory.INSTANCE.openServerSocket(listenerName, new InetSocketAddress(LOOPBACK, 0), -1, -1);
  }

  static int port(ServerSocketChannel channel) throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  /** Null when {@link #handOver} can reach the kit's socket manager, else why not. */
  static String unsupportedReason(KafkaClusterTestKit.Builder kit) {
    try {
      socketsOf(kit);
      return null;
    } catch (IllegalStateException | ClassCastException e) {
      return e.getMessage();
    }
  }

  /**
   * Gives {@code channel} to the kit as the socket of (nodeId, listenerName).
   *
   * @throws IllegalStateException when the kit's internals are not as expected (another Kafka version)
   */
  static void handOver(KafkaClusterTestKit.Builder kit, int nodeId, String listenerName, ServerSocketChannel channel) {
    Map<Integer, Map<String, ServerSocketChannel>> sockets = socketsOf(kit);
    // Single-threaded: the kit touches its manager only from build() on.
    sockets.computeIfAbsent(nodeId, id -> new HashMap<>()).put(listenerName, channel);
  }

  @SuppressWarnings("unchecked")
  private static Map<Integer, Map<String, ServerSocketChannel>> socketsOf(KafkaClusterTestKit.Builder kit) {
    Object sockets = read(read(kit, "socketFactoryManager"), "sockets");
    if (!(sockets instanceof Map)) {
      throw new IllegalStateException("the test kit's socket manager keeps its sockets in a "
          + sockets.getClass().getName() + ", not a Map");
    }
    return (Map<Integer, Map<String, ServerSocketChannel>>) sockets;
  }

  private static Object read(Object owner, String fieldName) {
    try {
      Field field = owner.getClass().getDeclaredField(fieldName);
      field.setAccessible(true);
      Object value = field.get(owner);
      if (value == null) {
        throw new IllegalStateException("the field is null");
      }
      return value;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot reach " + owner.getClass().getName() + "." + fieldName
          + " to bind the broker to " + HOST + ": " + e.getMessage(), e);
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
