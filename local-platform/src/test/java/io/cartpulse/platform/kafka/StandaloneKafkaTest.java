package io.cartpulse.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A broker stopped and started again on the same directory and ports still holds what it had. */
class StandaloneKafkaTest {
  @TempDir
  Path dir;

  @Test
  @Timeout(180)
  void aRestartOnTheSameDirectoryKeepsTheRecordsAndTheAddress() throws Exception {
    int port = freePort();
    int controllerPort = freePort();
    String bootstrap = "127.0.0.1:" + port;

    KafkaRaftServer first = StandaloneKafka.start(dir, port, controllerPort, Map.of());
    try {
      Properties admin = new Properties();
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (Admin client = Admin.create(admin)) {
        client.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
      Properties producer = new Properties();
      producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try (KafkaProducer<String, String> out = new KafkaProducer<>(producer, new StringSerializer(),
          new StringSerializer())) {
        out.send(new ProducerRecord<>("kept", "k", "before the restart")).get();
      }
    } finally {
      first.shutdown();
      first.awaitShutdown();
    }

    KafkaRaftServer second = StandaloneKafka.start(dir, port, controllerPort, Map.of());
    try {
      Properties consumer = new Properties();
      consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> in = new KafkaConsumer<>(consumer, new StringDeserializer(),
          new StringDeserializer())) {
        TopicPartition partition = new TopicPartition("kept", 0);
        in.assign(List.of(partition));
        in.seekToBeginning(List.of(partition));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> record : in.poll(Duration.ofMillis(500))) {
            values.add(record.value());
          }
        }
      }
      assertThat(values).containsExactly("before the restart");
    } finally {
      second.shutdown();
      second.awaitShutdown();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
