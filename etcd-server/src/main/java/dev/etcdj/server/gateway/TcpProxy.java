package dev.etcdj.server.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's tcpproxy on Netty: accepts client connections on the listen address and splices each
 * one to an endpoint chosen by {@link RemotePicker}. A refused endpoint is deactivated for one
 * monitor interval and the next one is tried; with none left the client connection is closed.
 */
final class TcpProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("proxy/tcpproxy");

  private final RemotePicker picker;
  private final Duration monitorInterval;
  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private Channel listener;

  TcpProxy(List<Remote> remotes, Duration monitorInterval) {
    this.picker = new RemotePicker(remotes);
    this.monitorInterval = monitorInterval.isZero() ? Duration.ofMinutes(5) : monitorInterval;
  }

  /** Binds the listen address and starts proxying and monitoring. */
  void start(InetSocketAddress listen) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                ctx.pipeline().remove(this);
                connect(ctx.channel());
              }
            });
          }
        });
    listener = b.bind(listen).sync().channel();
    LOG.info("ready to proxy client requests to {}",
        picker.remotes().stream().map(Remote::address).toList().toString().replace(", ", " "));
    long every = monitorInterval.toNanos();
    workers.next().scheduleWithFixedDelay(this::probeInactive, every, every, TimeUnit.NANOSECONDS);
  }

  /** Resolves when the listener closes. */
  ChannelFuture closeFuture() {
    return listener.closeFuture();
  }

  private void connect(Channel in) {
    Remote remote = picker.pick();
    if (remote == null) {
      in.close();
      return;
    }
    dial(in.eventLoop()).handler(new Relay(in)).connect(remote.target().host(), remote.target().port())
        .addListener((ChannelFutureListener) f -> {
          if (f.isSuccess()) {
            Channel out = f.channel();
            in.pipeline().addLast(new Relay(out));
            in.read();
            out.read();
            return;
          }
          remote.inactivate();
          LOG.warn("deactivated endpoint [{}] due to {} for {}", remote.address(), dialError(remote, f.cause()),
              goDuration(monitorInterval));
          if (in.isActive()) {
            connect(in);
          }
        });
  }

  private static Bootstrap dial(EventLoopGroup group) {
    return new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.AUTO_READ, false);
  }

  /** tcpproxy's monitor: an inactive endpoint that accepts a TCP connection is used again. */
  private void probeInactive() {
    for (Remote r : picker.remotes()) {
      if (r.isActive()) {
        continue;
      }
      dial(workers).handler(new ChannelInboundHandlerAdapter()).connect(r.target().host(), r.target().port())
          .addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
              f.channel().close();
              r.activate();
              LOG.info("activated {}", r.address());
            } else {
              LOG.warn("failed to activate endpoint [{}] due to {} (stay inactive for another {})", r.address(),
                  dialError(r, f.cause()), goDuration(monitorInterval));
            }
          });
    }
  }

  /** Go's wording of a failed dial: {@code dial tcp 127.0.0.1:2379: connect: connection refused}. */
  static String dialError(Remote remote, Throwable cause) {
    String what = cause instanceof ConnectException && String.valueOf(cause.getMessage()).startsWith("Connection refused")
        ? "connect: connection refused" : String.valueOf(cause.getMessage());
    return "dial tcp " + remote.address() + ": " + what;
  }

  private static String goDuration(Duration d) {
    long s = d.toSeconds();
    if (d.toNanos() % 1_000_000_000L != 0 || s == 0) {
      return d.toMillis() + "ms";
    }
    return (s >= 3600 ? s / 3600 + "h" : "") + (s >= 60 ? (s % 3600) / 60 + "m" : "") + s % 60 + "s";
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
