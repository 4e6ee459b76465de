package dev.etcdj.discovery.service;

import dev.etcdj.discovery.v2.ClusterUnavailableException;
import dev.etcdj.discovery.v2.InvalidJsonException;
import dev.etcdj.discovery.v2.KeysClient;
import dev.etcdj.discovery.v2.KeysError;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Discovery tokens on the backing cluster: {@code /_etcd/registry/<token>/_config/size} in its v2 keys. */
final class TokenStore {
  static final String REGISTRY = "/v2/keys/_etcd/registry/";

  /** The backing cluster refused or could not be reached. */
  static final class StoreException extends Exception {
    StoreException(String message) {
      super(message, null, false, false);
    }
  }

  private final KeysClient keys;
  private final SecureRandom random = new SecureRandom();

  TokenStore(List<URI> endpoints) {
    this.keys = new KeysClient(endpoints, Optional.empty());
  }

  /** A new random token (32 hex digits) whose directory expects {@code size} members. */
  String create(long size) throws StoreException {
    byte[] b = new byte[16];
    random.nextBytes(b);
    String token = HexFormat.of().formatHex(b);
    try {
      keys.create(REGISTRY + token + "/_config/size", Long.toString(size));
    } catch (IOException | KeysError | ClusterUnavailableException | InvalidJsonException e) {
      throw new StoreException("Couldn't setup state " + e.getMessage());
    }
    return token;
  }

  void delete(String token) throws StoreException {
    try {
      keys.deleteRecursive(REGISTRY + token);
    } catch (IOException | KeysError | ClusterUnavailableException | InvalidJsonException e) {
      throw new StoreException(e.getMessage());
    }
  }
}
