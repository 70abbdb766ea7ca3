package io.cairn.retrieval.ipns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny authoritative DNS server on 127.0.0.1 UDP for tests: answers TXT queries for the names
 * given to {@link #txt}, NXDOMAIN for any other name, or nothing at all when silent (to test
 * time-outs). Tests never reach the real DNS through it.
 */
public final class LocalDnsServer implements AutoCloseable {
  private record Txt(long ttl, byte[] rdata) {}

  private final Map<String, List<Txt>> records = new ConcurrentHashMap<>();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private final boolean silent;
  private final java.util.concurrent.atomic.AtomicInteger queries =
      new java.util.concurrent.atomic.AtomicInteger();

  private LocalDnsServer(boolean silent) {
    this.silent = silent;
    try {
      channel =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .handler(
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                      ch.pipeline()
                          .addLast(new DatagramDnsQueryDecoder())
                          .addLast(new DatagramDnsResponseEncoder())
                          .addLast(new Answerer());
                    }
                  })
              .bind("127.0.0.1", 0)
              .sync()
              .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      group.shutdownGracefully();
      throw new IllegalStateException("interrupted while starting the test DNS server", e);
    }
  }

  /** A server that answers. */
  public static LocalDnsServer start() {
    return new LocalDnsServer(false);
  }

  /** A server that reads queries and never answers. */
  public static LocalDnsServer silent() {
    return new LocalDnsServer(true);
  }

  /**
   * Adds one TXT record at {@code name} with the given TTL, made of {@code strings} (each a
   * length-prefixed character string of the record).
   */
  public LocalDnsServer txt(String name, long ttlSeconds, String... strings) {
    ByteBuf rdata = Unpooled.buffer();
    for (String s : strings) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      rdata.writeByte(bytes.length).writeBytes(bytes);
    }
    byte[] bytes = new byte[rdata.readableBytes()];
    rdata.readBytes(bytes);
    records
        .computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>())
        .add(new Txt(ttlSeconds, bytes));
    return this;
  }

  /** Removes every record of {@code name}. */
  public LocalDnsServer remove(String name) {
    records.remove(key(name));
    return this;
  }

  /** Adds {@code dnslink=<path>} at {@code _dnslink.<domain>}. */
  public LocalDnsServer dnsLink(String domain, long ttlSeconds, String path) {
    return txt("_dnslink." + domain, ttlSeconds, "dnslink=" + path);
  }

  /** How many queries the server has read, answered or not. */
  public int queries() {
    return queries.get();
  }

  /** Where the server listens. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** {@code host:port}, as {@code cairn.dns.servers} takes it. */
  public String hostAndPort() {
    return "127.0.0.1:" + address().getPort();
  }

  /** DNSLink lookups through this server only, with {@code timeout}. */
  public DnsLink resolver(Duration timeout) {
    return DnsLink.servers(List.of(address()), timeout);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String key(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }

  private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
      queries.incrementAndGet();
      if (silent) {
        return;
      }
      DnsQuestion question = query.recordAt(DnsSection.QUESTION);
      DatagramDnsResponse response =
          new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
      response.setAuthoritativeAnswer(true).setRecursionAvailable(true);
      response.addRecord(DnsSection.QUESTION, question);
      List<Txt> found = records.get(key(question.name()));
      if (found == null) {
        response.setCode(DnsResponseCode.NXDOMAIN);
      } else if (question.type() == DnsRecordType.TXT) {
        for (Txt t : found) {
          response.addRecord(
              DnsSection.ANSWER,
              new DefaultDnsRawRecord(
                  question.name(), DnsRecordType.TXT, t.ttl(), Unpooled.wrappedBuffer(t.rdata())));
        }
      }
      ctx.writeAndFlush(response);
    }
  }
}
