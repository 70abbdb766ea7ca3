package io.cairn.retrieval.ipns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One DNS TXT query on Netty's resolver. Every lookup shares one resolver on one daemon thread,
 * created on the first lookup (a holder class) and never closed: it holds one UDP socket and no
 * other state worth releasing, and a node that never meets a domain never starts it.
 */
final class TxtLookup {
  /** What a name server answered: the text of each TXT record, and their shortest TTL. */
  record Answer(List<String> texts, Duration ttl) {
    static final Answer NONE = new Answer(List.of(), Duration.ZERO);
  }

  /** The DNS server's answer was an error other than NXDOMAIN (SERVFAIL, REFUSED...). */
  static final class DnsFailure extends RuntimeException {
    DnsFailure(String message) {
      super(message);
    }
  }

  private TxtLookup() {}

  private static final class Shared {
    static final EventLoopGroup GROUP =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("cairn-dns", true), NioIoHandler.newFactory());
    static final DnsNameResolver RESOLVER =
        new DnsNameResolverBuilder(GROUP.next())
            .datagramChannelType(NioDatagramChannel.class)
            .nameServerProvider(DnsServerAddressStreamProviders.platformDefault())
            .queryTimeoutMillis(DnsLink.DEFAULT_TIMEOUT.toMillis())
            .recursionDesired(true)
            .build();
  }

  /**
   * The TXT records of {@code name}, asked of {@code server} (null: the system's name servers).
   * NXDOMAIN is an empty answer; other DNS errors fail with {@link DnsFailure}.
   */
  static CompletableFuture<Answer> query(String name, InetSocketAddress server) {
    DefaultDnsQuestion question = new DefaultDnsQuestion(name, DnsRecordType.TXT);
    Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> sent =
        server == null ? Shared.RESOLVER.query(question) : Shared.RESOLVER.query(server, question);
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    sent.addListener(
        f -> {
          if (!f.isSuccess()) {
            answer.completeExceptionally(f.cause());
            return;
          }
          AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = sent.getNow();
          try {
            answer.complete(read(envelope.content()));
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
          } finally {
            envelope.release();
          }
        });
    // a caller that gives up (its own time-out) drops the query
    answer.whenComplete((a, e) -> sent.cancel(false));
    return answer;
  }

  private static Answer read(DnsResponse response) {
    if (response.code() == DnsResponseCode.NXDOMAIN) {
      return Answer.NONE;
    }
    if (response.code() != DnsResponseCode.NOERROR) {
      throw new DnsFailure("the DNS server answered " + response.code());
    }
    List<String> texts = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    int count = response.count(DnsSection.ANSWER);
    for (int i = 0; i < count; i++) {
      DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
      if (r.type() == DnsRecordType.TXT && r instanceof DnsRawRecord raw) {
        texts.add(text(raw.content()));
        ttl = Math.min(ttl, r.timeToLive());
      }
    }
    return texts.isEmpty() ? Answer.NONE : new Answer(texts, Duration.ofSeconds(ttl));
  }

  /**
   * A TXT record's RDATA: one or more character strings, each a length byte then that many bytes,
   * joined (RFC 7208 3.3 reads them so; a DNSLink entry over 255 bytes is split this way).
   */
  static String text(ByteBuf rdata) {
    StringBuilder b = new StringBuilder();
    int at = rdata.readerIndex();
    int end = rdata.writerIndex();
    while (at < end) {
      int length = rdata.getUnsignedByte(at);
      if (at + 1 + length > end) {
        throw new DnsFailure("a TXT record is truncated: a string of " + length + " bytes");
      }
      b.append(rdata.toString(at + 1, length, StandardCharsets.UTF_8));
      at += 1 + length;
    }
    return b.toString();
  }
}
