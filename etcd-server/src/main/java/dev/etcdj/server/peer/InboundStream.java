package dev.etcdj.server.peer;

import dev.etcdj.api.peer.MessageBatch;
import dev.etcdj.api.peer.StreamAck;
import dev.etcdj.raft.Message;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * One incoming {@code Raft/Stream} call: checks the header of the first batch, then hands every
 * message to the inbox in order. Not thread-safe; gRPC serializes the callbacks of a call.
 */
final class InboundStream implements StreamObserver<MessageBatch> {
  private final RaftPeerService service;
  private final StreamObserver<StreamAck> response;
  private boolean accepted;
  private boolean done;
  private long from;

  InboundStream(RaftPeerService service, StreamObserver<StreamAck> response) {
    this.service = service;
    this.response = response;
  }

  @Override
  public void onNext(MessageBatch batch) {
    if (done) {
      return;
    }
    if (!accepted) {
      if (!batch.hasHeader()) {
        fail(Status.INVALID_ARGUMENT.withDescription("stream header missing"));
        return;
      }
      Status refusal = service.checkHeader(batch.getHeader(), "streaming");
      if (refusal != null) {
        fail(refusal);
        return;
      }
      accepted = true;
      from = batch.getHeader().getFrom();
      RaftPeerService.LOG.debug("established a stream from peer {}", PeerHeaders.hex(from));
    }
    service.countBatch();
    for (dev.etcdj.api.peer.Message p : batch.getMessagesList()) {
      Message m;
      try {
        m = MessageCodec.fromProto(p);
      } catch (IllegalArgumentException e) {
        RaftPeerService.LOG.warn("failed to decode raft message from peer {}: {}", PeerHeaders.hex(from), e.getMessage());
        fail(Status.INVALID_ARGUMENT.withDescription("bad raft message: " + e.getMessage()));
        return;
      }
      service.inbox().receive(m);
    }
  }

  @Override
  public void onError(Throwable t) {
    done = true;
    if (accepted) {
      RaftPeerService.LOG.debug("lost the stream from peer {}: {}", PeerHeaders.hex(from), t.toString());
    }
  }

  @Override
  public void onCompleted() {
    if (!done) {
      done = true;
      response.onNext(StreamAck.getDefaultInstance());
      response.onCompleted();
    }
  }

  private void fail(Status s) {
    done = true;
    response.onError(s.asRuntimeException());
  }
}
