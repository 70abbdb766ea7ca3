package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @CsvSource({
    // multiformats/multiaddr test/multiaddr.feature
    "/ip4/192.0.2.42/tcp/443, 04c000022a0601bb",
    // go-multiaddr multiaddr_test.go TestStringToBytes / TestBytesToString
    "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
    "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
    "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
  })
  void textAndBinaryFormsMatchTheSpecVectors(String text, String hex) {
    Multiaddr fromText = Multiaddr.parse(text);
    assertThat(HEX.formatHex(fromText.bytes())).isEqualTo(hex);
    Multiaddr fromBytes = Multiaddr.decode(HEX.parseHex(hex));
    assertThat(fromBytes.toString()).isEqualTo(text);
    assertThat(fromBytes).isEqualTo(fromText);
  }

  @Test
  void componentsCarryNameCodeAndValue() {
    Multiaddr a = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");
    assertThat(a.components())
        .containsExactly(
            new Multiaddr.Component("ip4", 4, "192.0.2.42"),
            new Multiaddr.Component("tcp", 6, "443"));
  }

  /** The subset of go-multiaddr's "good" list that uses the protocols Cairn knows. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ip4/1.2.3.4",
        "/ip4/0.0.0.0",
        "/ip4/192.0.2.0/ipcidr/24",
        "/ip6/::1",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1",
        "/ip6/2001:db8::/ipcidr/32",
        "/ip6zone/x/ip6/fe80::1",
        "/ip6zone/x%y/ip6/fe80::1",
        "/ip6zone/x%y/ip6/::",
        "/ip6zone/x/ip6/fe80::1/udp/1234/quic-v1",
        "/udp/0",
        "/tcp/0",
        "/sctp/0",
        "/udp/1234",
        "/tcp/1234",
        "/sctp/1234",
        "/udp/65535",
        "/tcp/65535",
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
        "/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV",
        "/udp/1234/sctp/1234",
        "/udp/1234/udt",
        "/udp/1234/utp",
        "/tcp/1234/http",
        "/tcp/1234/tls/http",
        "/tcp/1234/https",
        "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234",
        "/ip4/127.0.0.1/udp/1234",
        "/ip4/127.0.0.1/udp/0",
        "/ip4/127.0.0.1/tcp/1234",
        "/ip4/127.0.0.1/udp/1234/quic",
        "/ip4/127.0.0.1/udp/1234/quic-v1",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport",
        "/ip4/127.0.0.1/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234",
        "/unix/a/b/c/d/e",
        "/unix/stdio",
        "/ip4/1.2.3.4/tcp/80/unix/a/b/c/d/e/f",
        "/ip4/127.0.0.1/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/tcp/1234/unix/stdio",
        "/ip4/127.0.0.1/tcp/127/ws",
        "/ip4/127.0.0.1/tcp/127/tls",
        "/ip4/127.0.0.1/tcp/127/tls/ws",
        "/ip4/127.0.0.1/tcp/127/noise",
        "/ip4/127.0.0.1/tcp/127/wss",
        "/ip4/127.0.0.1/tcp/127/webrtc-direct",
        "/ip4/127.0.0.1/tcp/127/webrtc",
        "/http-path/tmp%2Fbar",
        "/http-path/tmp%2Fbar%2Fbaz",
        "/http-path/foo",
        "/ip4/127.0.0.1/tcp/0/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV/http-path/foo",
        "/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http/http-path/foo",
        "/memory/4",
        "/dns/example.com/tcp/443/wss",
        "/dns4/example.com/tcp/4001",
        "/dns6/example.com/udp/4001/quic-v1",
        "/dnsaddr/bootstrap.libp2p.io",
        "/ip4/0.0.0.0/udp/4001/webrtc-direct",
        "/ip4/1.2.3.4/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/p2p-circuit",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/uEiBKmQmpUW0C_UxymkWSI5j7QcOYwjVCOlMECFvJI6jbZw",
      })
  void acceptsAndRoundTripsGoMultiaddrGoodAddresses(String text) {
    Multiaddr a = Multiaddr.parse(text);
    assertThat(a.toString()).isEqualTo(text);
    assertThat(Multiaddr.decode(a.bytes())).isEqualTo(a);
    assertThat(Multiaddr.decode(a.bytes()).toString()).isEqualTo(text);
  }

  /** The subset of go-multiaddr's "bad" list that uses the protocols Cairn knows. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ip4",
        "/ip4/::1",
        "/ip4/fdpsofodsajfdoisa",
        "/ip4/::/ipcidr/256",
        "/ip6/::/ipcidr/1026",
        "/ip6",
        "/ip6zone",
        "/ip6zone/",
        "/ip6zone//ip6/fe80::1",
        "/udp",
        "/tcp",
        "/sctp",
        "/udp/65536",
        "/tcp/65536",
        "/quic/65536",
        "/quic-v1/65536",
        "/udp/1234/sctp",
        "/udp/1234/udt/1234",
        "/udp/1234/utp/1234",
        "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/udp",
        "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/quic/1234",
        "/ip4/127.0.0.1/quic-v1/1234",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmp",
        "/ip4/127.0.0.1/ipfs",
        "/ip4/127.0.0.1/ipfs/tcp",
        "/ip4/127.0.0.1/p2p",
        "/ip4/127.0.0.1/p2p/tcp",
        "/unix",
        "/ip4/1.2.3.4/tcp/80/unix",
        "/ip4/1.2.3.4/tcp/-1",
        "/ip4/127.0.0.1/tcp/9090/http/p2p-webcrt-direct",
        "/memory/92233720368547758081",
        "/",
        "",
        "/p2p/QmxoHT6iViN5xAjoz1VZ553cL31U9F94ht3QvWR1FrEbZY",
        "ip4/1.2.3.4",
        "/ip4/01.2.3.4",
        "/ip4/1.2.3",
        "/ip4/1.2.3.4.5",
        "/ip6/1:2:3:4:5:6:7:8:9",
        "/ip6/1::2::3",
        "/ip6/1:2:3:4::5:6:7:8",
        "/ip6/12345::1",
        "/ip6/fe80::1%eth0",
        "/dns4/a/b",
        "/p2p/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      })
  void rejectsGoMultiaddrBadAddresses(String text) {
    assertThatThrownBy(() -> Multiaddr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiaddr");
  }

  @Test
  void errorsNameTheAddressAndTheBadValue() {
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/300.1.1.1/tcp/1"))
        .hasMessage("multiaddr '/ip4/300.1.1.1/tcp/1': '300.1.1.1' is not an IPv4 address");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp/70000"))
        .hasMessage("multiaddr '/ip4/1.2.3.4/tcp/70000': '70000' is not a port number (0-65535)");
    assertThatThrownBy(() -> Multiaddr.parse("/ip6/1:2/tcp/1"))
        .hasMessage("multiaddr '/ip6/1:2/tcp/1': '1:2' is not an IPv6 address");
    assertThatThrownBy(() -> Multiaddr.parse("/ip5/1.2.3.4"))
        .hasMessage("multiaddr '/ip5/1.2.3.4': unknown protocol 'ip5'");
    assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/tcp"))
        .hasMessage("multiaddr '/ip4/1.2.3.4/tcp': protocol 'tcp' needs a value");
    assertThatThrownBy(() -> Multiaddr.parse("127.0.0.1:5001"))
        .hasMessage("multiaddr '127.0.0.1:5001': must begin with '/'");
    assertThatThrownBy(
            () ->
                Multiaddr.parse("/p2p/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"))
        .hasMessageContaining("must have codec libp2p-key, not dag-pb");
  }

  @Test
  void writesCanonicalText() {
    assertThat(Multiaddr.parse("/ip4/127.0.0.1/tcp/1234/").toString())
        .isEqualTo("/ip4/127.0.0.1/tcp/1234");
    assertThat(Multiaddr.parse("/ip6/0:0:0:0:0:0:0:1/tcp/1").toString())
        .isEqualTo("/ip6/::1/tcp/1");
    assertThat(Multiaddr.parse("/ip6/2001:DB8:0:0:1:0:0:1").toString())
        .isEqualTo("/ip6/2001:db8::1:0:0:1");
    assertThat(Multiaddr.parse("/ip6/::ffff:1.2.3.4").toString()).isEqualTo("/ip6/::ffff:1.2.3.4");
    assertThat(Multiaddr.parse("/ip6/::1.2.3.4").toString()).isEqualTo("/ip6/::102:304");
    assertThat(Multiaddr.parse("/ip6/1:0:0:2:0:0:0:3").toString()).isEqualTo("/ip6/1:0:0:2::3");
    assertThat(Multiaddr.parse("/ip6/1:0:2:3:4:5:6:7").toString())
        .isEqualTo("/ip6/1:0:2:3:4:5:6:7");
    assertThat(Multiaddr.parse("/tcp/0080").toString()).isEqualTo("/tcp/80");
    // go-multiaddr prints certificate hashes in base64url whatever base they were given in.
    assertThat(Multiaddr.parse("/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy").toString())
        .isEqualTo("/certhash/u1QEQOFj2IjCsPJFfMAxmQxLGPw");
    assertThat(Multiaddr.parse("/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC").toString())
        .isEqualTo("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
  }

  @Test
  void peerIdsAsCidsAreStoredAsMultihashes() {
    // go-multiaddr's good list names the same peers as base58 multihashes and as CIDs.
    Multiaddr base58 = Multiaddr.parse("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC");
    Multiaddr base36 =
        Multiaddr.parse("/p2p/k2k4r8oqamigqdo6o7hsbfwd45y70oyynp98usk7zmyfrzpqxh1pohl7");
    assertThat(base36).isEqualTo(base58);
    Multiaddr ed25519 =
        Multiaddr.parse("/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
    Cid asCid = Cid.v1(Multicodec.LIBP2P_KEY, ed25519.peerId().orElseThrow());
    assertThat(Multiaddr.parse("/p2p/" + asCid.toString(Multibase.BASE36))).isEqualTo(ed25519);
    assertThat(Multiaddr.parse("/p2p/" + asCid)).isEqualTo(ed25519);
    assertThat(
            Multiaddr.parse("/p2p/bafzbeigvf25ytwc3akrijfecaotc74udrhcxzh2cx3we5qqnw5vgrei4bm")
                .peerId()
                .orElseThrow()
                .functionName())
        .isEqualTo("sha2-256");
  }

  @Test
  void givesHostAndPortForBinding() throws Exception {
    InetSocketAddress api = Multiaddr.parse("/ip4/127.0.0.1/tcp/5001").socketAddress();
    assertThat(api.getAddress()).isEqualTo(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    assertThat(api.getPort()).isEqualTo(5001);
    InetSocketAddress any6 = Multiaddr.parse("/ip6/::/tcp/4001").socketAddress();
    assertThat(any6.getAddress().isAnyLocalAddress()).isTrue();
    assertThat(any6.getAddress().getAddress()).hasSize(16);
    InetSocketAddress dns = Multiaddr.parse("/dns4/example.com/tcp/443/wss").socketAddress();
    assertThat(dns.isUnresolved()).isTrue();
    assertThat(dns.getHostString()).isEqualTo("example.com");
    assertThat(dns.getPort()).isEqualTo(443);
    Multiaddr quic = Multiaddr.parse("/ip4/0.0.0.0/udp/4001/quic-v1");
    assertThat(quic.host()).contains("0.0.0.0");
    assertThat(quic.port()).hasValue(4001);
    assertThat(quic.has("quic-v1")).isTrue();
    assertThatThrownBy(() -> Multiaddr.parse("/unix/tmp/api.sock").socketAddress())
        .hasMessageContaining("'/unix/tmp/api.sock' has no host and port");
    assertThat(Multiaddr.parse("/unix/tmp/api.sock").unixPath()).contains(Path.of("/tmp/api.sock"));
  }

  @Test
  void buildsAddressOfABoundSocket() throws Exception {
    assertThat(
            Multiaddr.tcp(
                    new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 5001))
                .toString())
        .isEqualTo("/ip4/127.0.0.1/tcp/5001");
    assertThat(Multiaddr.tcp(new InetSocketAddress(InetAddress.getByName("::1"), 80)).toString())
        .isEqualTo("/ip6/::1/tcp/80");
  }

  @Test
  void encapsulatesAPeer() {
    Multiaddr a =
        Multiaddr.parse("/ip4/1.2.3.4/tcp/4001")
            .encapsulate(
                Multiaddr.parse("/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV"));
    assertThat(a.toString())
        .isEqualTo(
            "/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV");
    assertThat(a.valueOf("tcp")).contains("4001");
  }

  @Test
  void rejectsBadBinaryAddresses() {
    for (String hex :
        List.of(
            "", // empty
            "04c00002", // truncated ip4
            "e707", // unknown protocol code 999
            "0601", // truncated port
            "3500", // dns with a zero length
            "3505612f622f63", // dns containing '/'
            "9003022f61047f000001", // bytes after a path protocol
            "8080", // truncated varint
            "a503040102030405")) { // p2p value that is not a multihash
      assertThatThrownBy(() -> Multiaddr.decode(HEX.parseHex(hex)))
          .as(hex)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("binary multiaddr");
    }
    assertThatThrownBy(() -> Multiaddr.decode(HEX.parseHex("e707")))
        .hasMessage("binary multiaddr is not valid at byte 0: unknown protocol code 999");
  }
}
