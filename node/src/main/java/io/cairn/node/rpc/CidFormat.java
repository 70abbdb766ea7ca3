package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiResponse;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import io.cairn.storage.Multicodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The printf-style CID formatter of {@code cid format -f}, with Kubo's specifiers: %% %b %B %v %V
 * %c %C %h %H %L %m %M %d %D %s %S %P; and the answer of the {@code cid} commands, one value per
 * CID.
 */
public final class CidFormat {
  /**
   * The specifiers, for the command's help, written for picocli, which passes a description through
   * {@code String.format}: each {@code %%} below is printed as one {@code %}.
   */
  public static final String REFERENCE =
      """
         %%%% literal %%
         %%b multibase name
         %%B multibase code
         %%v version string
         %%V version number
         %%c codec name
         %%C codec code
         %%h multihash name
         %%H multihash code
         %%L hash digest length
         %%m multihash encoded in base %%b (with multibase prefix)
         %%M multihash encoded in base %%b without multibase prefix
         %%d hash digest encoded in base %%b (with multibase prefix)
         %%D hash digest encoded in base %%b without multibase prefix
         %%s cid string encoded in base %%b (1)
         %%S cid string encoded in base %%b without multibase prefix
         %%P cid prefix: %%v-%%c-%%h-%%L

      (1) For CID version 0 the multibase must be base58btc and no prefix is
      used.  For CID version 1 the multibase prefix is included.
      """;

  private CidFormat() {}

  /**
   * Formats {@code cid} in {@code base}.
   *
   * @throws ApiException for a malformed format string
   */
  static String format(String fmt, Multibase base, Cid cid) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fmt.length(); i++) {
      char ch = fmt.charAt(i);
      if (ch != '%') {
        out.append(ch);
        continue;
      }
      i++;
      if (i >= fmt.length()) {
        throw ApiException.client("premature end of format string");
      }
      switch (fmt.charAt(i)) {
        case '%' -> out.append('%');
        case 'b' -> out.append(base.baseName());
        case 'B' -> out.append(base.prefix());
        case 'v' -> out.append("cidv").append(cid.version());
        case 'V' -> out.append(cid.version());
        case 'c' -> out.append(Multicodec.nameOf(cid.codec()));
        case 'C' -> out.append(cid.codec());
        case 'h' -> out.append(cid.multihash().functionName());
        case 'H' -> out.append(cid.multihash().code());
        case 'L' -> out.append(cid.multihash().digestLength());
        case 'm' -> out.append(base.encode(cid.multihash().bytes()));
        case 'M' -> out.append(base.encodeBare(cid.multihash().bytes()));
        case 'd' -> out.append(base.encode(cid.multihash().digest()));
        case 'D' -> out.append(base.encodeBare(cid.multihash().digest()));
        case 's' -> out.append(string(cid, base));
        case 'S' -> out.append(base.encodeBare(cid.bytes()));
        case 'P' ->
            out.append("cidv")
                .append(cid.version())
                .append('-')
                .append(Multicodec.nameOf(cid.codec()))
                .append('-')
                .append(cid.multihash().functionName())
                .append('-')
                .append(cid.multihash().digestLength());
        default ->
            throw ApiException.client("unrecognized specifier in format string: %" + fmt.charAt(i));
      }
    }
    return out.toString();
  }

  /**
   * Emits Kubo's {@code {CidStr, Formatted, ErrorMsg}} for each of {@code cids}: a CID that {@code
   * convert} rejects gets its message in {@code ErrorMsg}; an {@link ApiException} ends the
   * command.
   */
  static void emitEach(ApiResponse res, List<String> cids, Function<String, String> convert) {
    for (String text : cids) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("CidStr", text);
      try {
        m.put("Formatted", convert.apply(text));
        m.put("ErrorMsg", "");
      } catch (ApiException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        m.put("Formatted", "");
        m.put("ErrorMsg", e.getMessage());
      }
      res.emit(m);
    }
  }

  private static String string(Cid cid, Multibase base) {
    if (cid.version() == 0) {
      if (base != Multibase.BASE58_BTC) {
        throw new IllegalArgumentException("CIDv0 can only be encoded in base58btc");
      }
      return cid.toString();
    }
    return cid.toString(base);
  }
}
