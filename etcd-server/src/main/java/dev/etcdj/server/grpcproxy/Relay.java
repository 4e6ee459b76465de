package dev.etcdj.server.grpcproxy;

import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/** Passes an upstream call's answer (or error, with etcd's status and message) to the client. */
final class Relay<U, T> implements StreamObserver<U> {
  private final StreamObserver<T> client;
  private final Function<U, T> convert;

  private Relay(StreamObserver<T> client, Function<U, T> convert) {
    this.client = client;
    this.convert = convert;
  }

  static <T> StreamObserver<T> to(StreamObserver<T> client) {
    return new Relay<>(client, Function.identity());
  }

  static <U, T> StreamObserver<U> to(StreamObserver<T> client, Function<U, T> convert) {
    return new Relay<>(client, convert);
  }

  @Override
  public void onNext(U value) {
    client.onNext(convert.apply(value));
  }

  @Override
  public void onError(Throwable t) {
    client.onError(t);
  }

  @Override
  public void onCompleted() {
    client.onCompleted();
  }
}
