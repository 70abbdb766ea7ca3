package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinksTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private static Links.Link link(String name, int index, Links.Subnet... subnets) {
    return new Links.Link(name, index, List.of(subnets));
  }

  @Test
  void aSubnetHoldsTheAddressesUnderItsPrefix() throws Exception {
    var lan = new Links.Subnet(ip("192.168.1.20"), 24);
    assertThat(lan.contains(ip("192.168.1.200"))).isTrue();
    assertThat(lan.contains(ip("192.168.2.1"))).isFalse();
    assertThat(lan.contains(ip("fd00::1"))).isFalse();
    var odd = new Links.Subnet(ip("10.0.0.1"), 13);
    assertThat(odd.contains(ip("10.7.255.255"))).isTrue();
    assertThat(odd.contains(ip("10.8.0.0"))).isFalse();
    var v6 = new Links.Subnet(ip("fd00::2"), 64);
    assertThat(v6.contains(ip("fd00::99"))).isTrue();
    assertThat(v6.contains(ip("fd00:0:0:1::1"))).isFalse();
  }

  @Test
  void anAnswerLeavesByTheInterfaceHoldingTheQuerierElseByAll() throws Exception {
    var wired = link("eth0", 2, new Links.Subnet(ip("192.168.1.20"), 24));
    var wifi = link("wlan0", 3, new Links.Subnet(ip("10.0.0.5"), 8));
    List<Links.Link> links = List.of(wired, wifi);
    assertThat(Links.route(links, ip("10.1.2.3"))).containsExactly(wifi);
    assertThat(Links.route(links, ip("192.168.1.77"))).containsExactly(wired);
    assertThat(Links.route(links, ip("203.0.113.9"))).containsExactly(wired, wifi);
    assertThat(Links.route(links, null)).containsExactly(wired, wifi);
  }

  @Test
  void anIpv6LinkLocalQuerierIsRoutedByItsScope() throws Exception {
    var wired = link("eth0", 2, new Links.Subnet(ip("fe80::1"), 64));
    var wifi = link("wlan0", 3, new Links.Subnet(ip("fe80::2"), 64));
    List<Links.Link> links = List.of(wired, wifi);
    InetAddress onWifi = Inet6Address.getByAddress(null, ip("fe80::77").getAddress(), 3);
    assertThat(Links.route(links, onWifi)).containsExactly(wifi);
    // without a scope, every link-local network holds it: the first one answers
    assertThat(Links.route(links, ip("fe80::77"))).containsExactly(wired);
  }
}
