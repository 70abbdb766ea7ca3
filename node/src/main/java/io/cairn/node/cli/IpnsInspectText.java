package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.GoDurations;
import java.time.Duration;

/**
 * Kubo's text for {@code name inspect} (its {@code IpnsInspectResult} encoder): the entry's fields
 * aligned by Go's tabwriter (strings Go-quoted), the protobuf size and signature type, then the
 * validation results (or the hint to pass {@code --verify}) and the hex dump.
 */
final class IpnsInspectText {
  private IpnsInspectText() {}

  static String render(JsonNode v) {
    JsonNode entry = v.path("Entry");
    TabWriter fields = new TabWriter();
    if (!entry.path("Value").asText().isEmpty()) {
      fields.row("Value:", quote(entry.path("Value").asText()));
    }
    if (entry.hasNonNull("ValidityType")) {
      fields.row("Validity Type:", entry.get("ValidityType").asText());
    }
    if (entry.hasNonNull("Validity")) {
      fields.row("Validity:", quote(entry.get("Validity").asText()));
    }
    if (entry.hasNonNull("Sequence")) {
      fields.row("Sequence:", entry.get("Sequence").asText());
    }
    if (entry.hasNonNull("TTL")) {
      fields.row("TTL:", GoDurations.format(Duration.ofNanos(entry.get("TTL").asLong())));
    }
    fields.row("Protobuf Size:", v.path("PbSize").asText());
    fields.row("Signature Type:", v.path("SignatureType").asText());
    StringBuilder out = new StringBuilder(fields.render());
    JsonNode validation = v.path("Validation");
    if (!validation.isObject()) {
      out.append("\nThis record was not verified. Pass '--verify k51...' to verify.\n");
    } else {
      out.append("\nValidation results:\n");
      TabWriter results = new TabWriter();
      results.row("", "Valid:", String.valueOf(validation.path("Valid").asBoolean()));
      String reason = validation.path("Reason").asText();
      if (!reason.isEmpty()) {
        results.row("", "Reason:", reason);
      }
      results.row("", "Name:", validation.path("Name").asText());
      out.append(results.render());
    }
    String dump = v.path("HexDump").asText();
    if (!dump.isEmpty()) {
      out.append("\nHex Dump:\n").append(dump);
    }
    return out.toString();
  }

  /** Go's {@code %q} of a string: in double quotes, with Go's escapes. */
  static String quote(String s) {
    return '"' + Names.escape(s).replace("\"", "\\\"") + '"';
  }
}
