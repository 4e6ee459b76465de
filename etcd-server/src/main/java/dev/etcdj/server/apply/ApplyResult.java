package dev.etcdj.server.apply;

import com.google.protobuf.Message;
import dev.etcdj.server.EtcdException;

/** The outcome of applying one request: a response, or the etcd error it failed with. */
public record ApplyResult(Message response, EtcdException error) {
  public static ApplyResult of(Message response) {
    return new ApplyResult(response, null);
  }

  public static ApplyResult failed(EtcdException error) {
    return new ApplyResult(null, error);
  }
}
