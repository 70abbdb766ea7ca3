package io.cairn.retrieval.p2p.mdns;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * One multicast DNS packet as libp2p discovery reads and writes it: a query's questions, or a
 * response's answer and additional records. Record kinds other than those below are skipped when
 * decoded; names are kept without the trailing dot.
 *
 * @param response whether the QR bit is set
 * @param questions the question section (queries)
 * @param answers the answer section (responses)
 * @param additionals the additional section (responses)
 */
record MdnsMessage(
    boolean response, List<Question> questions, List<Entry> answers, List<Entry> additionals) {
  /** DNS record types used here (RFC 1035, RFC 2782, RFC 3596). */
  static final int TYPE_A = 1;

  static final int TYPE_PTR = 12;
  static final int TYPE_TXT = 16;
  static final int TYPE_AAAA = 28;
  static final int TYPE_SRV = 33;

  MdnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    additionals = List.copyOf(additionals);
  }

  static MdnsMessage query(List<Question> questions) {
    return new MdnsMessage(false, questions, List.of(), List.of());
  }

  static MdnsMessage response(List<Entry> answers, List<Entry> additionals) {
    return new MdnsMessage(true, List.of(), answers, additionals);
  }

  /** A question: a name and a record type (the class is IN; the unicast-response bit is read). */
  record Question(String name, int type) {
    Question {
      name = normalize(name);
    }
  }

  /** A resource record of a kind libp2p discovery uses. */
  sealed interface Entry permits Ptr, Txt, Srv, Address {
    String name();

    long ttl();
  }

  /** {@code name} points to {@code target} (the service to one of its instances). */
  record Ptr(String name, long ttl, String target) implements Entry {
    Ptr {
      name = normalize(name);
      target = normalize(target);
    }
  }

  /** A TXT record: its character strings, each at most 255 bytes. */
  record Txt(String name, long ttl, List<String> strings) implements Entry {
    Txt {
      name = normalize(name);
      strings = List.copyOf(strings);
    }
  }

  /** An SRV record: the instance's host and port (priority and weight 0). */
  record Srv(String name, long ttl, int port, String target) implements Entry {
    Srv {
      name = normalize(name);
      target = normalize(target);
    }
  }

  /** An A or AAAA record, as the address is IPv4 or IPv6. */
  record Address(String name, long ttl, InetAddress address) implements Entry {
    Address {
      name = normalize(name);
    }
  }

  /** A DNS name compared as mDNS compares them: without the trailing dot, in lower case. */
  static String normalize(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return n.toLowerCase(Locale.ROOT);
  }
}
