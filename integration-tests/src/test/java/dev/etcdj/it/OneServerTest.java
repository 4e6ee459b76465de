package dev.etcdj.it;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests against one server process of ours, shared by the class, with a jetcd client on it. */
abstract class OneServerTest {
  @TempDir
  static Path tmp;
  static ServerProcess server;
  static Client client;

  @BeforeAll
  static void startServer() {
    server = ServerProcess.startOurs(tmp.resolve("data"));
    client = newClient();
  }

  @AfterAll
  static void stopServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static Client newClient() {
    return Client.builder().endpoints(server.url()).build();
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
