package io.cairn.retrieval.gateway;

/**
 * DNSLink names as one DNS label, as the subdomain gateway spec inlines them so that a wildcard TLS
 * certificate covers them: {@code -} becomes {@code --} and {@code .} becomes {@code -}, so {@code
 * en.wikipedia-on-ipfs.org} is served at {@code en-wikipedia--on--ipfs-org.ipns.{gateway}}.
 */
final class DnsLinkLabels {
  private DnsLinkLabels() {}

  /** {@code my.v-long.example.com} → {@code my-v--long-example-com}. */
  static String inline(String fqdn) {
    StringBuilder b = new StringBuilder(fqdn.length() + 8);
    for (int i = 0; i < fqdn.length(); i++) {
      char c = fqdn.charAt(i);
      if (c == '-') {
        b.append("--");
      } else if (c == '.') {
        b.append('-');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code my-v--long-example-com} → {@code my.v-long.example.com}. */
  static String uninline(String label) {
    StringBuilder b = new StringBuilder(label.length());
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c != '-') {
        b.append(c);
      } else if (i + 1 < label.length() && label.charAt(i + 1) == '-') {
        b.append('-');
        i++;
      } else {
        b.append('.');
      }
    }
    return b.toString();
  }
}
