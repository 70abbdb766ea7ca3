package io.cairn.compute.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The names of a job's files on the host (a WASM job's {@code /outputs}, a GPU job's staged inputs
 * and output buffers): printable ASCII as it is, every other byte of the name's UTF-8 (and {@code
 * %}) as {@code %XX}. The JVM writes file names in the host locale's encoding, so under {@code
 * LANG=C} a file named {@code café.txt} could not be created at all, and a job's outputs would
 * depend on the node's locale; ASCII names are the same everywhere.
 *
 * <p>A module's symlink is a host symlink whose target is {@link #encodeLinkTarget}: {@code %%} and
 * the target encoded with its {@code /} too, one name that no scratch file can have (an encoded
 * name has {@code %} only before two hex digits). Whatever the module aimed it at, a host program
 * that follows it finds nothing; Cairn reads it back and resolves it itself, in the sandbox.
 */
public final class ScratchNames {
  private static final String LINK_PREFIX = "%%";

  private ScratchNames() {}

  /** The host target of a module's symlink to {@code target}: one name, resolving to nothing. */
  static String encodeLinkTarget(String target) {
    return LINK_PREFIX + encode(target).replace("/", "%2F");
  }

  /** The module's target of a host symlink made by {@link #encodeLinkTarget}. */
  static String decodeLinkTarget(String hostTarget) {
    return decode(
        hostTarget.startsWith(LINK_PREFIX)
            ? hostTarget.substring(LINK_PREFIX.length())
            : hostTarget);
  }

  /** The host name of a module's file name. */
  public static String encode(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(utf8.length);
    for (byte x : utf8) {
      int c = x & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '%') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        b.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return b.toString();
  }

  /** The module's file name of a host name made by {@link #encode}. */
  public static String decode(String hostName) {
    if (hostName.indexOf('%') < 0) {
      return hostName;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(hostName.length());
    for (int i = 0; i < hostName.length(); i++) {
      char c = hostName.charAt(i);
      if (c == '%' && i + 2 < hostName.length()) {
        out.write(Integer.parseInt(hostName.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
