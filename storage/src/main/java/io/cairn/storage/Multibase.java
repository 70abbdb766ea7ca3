package io.cairn.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The multibase encodings a node meets in CIDs, keys and peer IDs. {@link #encode} prefixes the
 * base's character; {@link #decode(String)} reads it back and rejects characters outside the
 * alphabet with their position.
 */
public enum Multibase {
  BASE16("base16", 'f', Rfc4648.of("0123456789abcdef", false, true)),
  BASE16_UPPER("base16upper", 'F', Rfc4648.of("0123456789ABCDEF", false, true)),
  BASE32("base32", 'b', Rfc4648.of("abcdefghijklmnopqrstuvwxyz234567", false, true)),
  BASE32_UPPER("base32upper", 'B', Rfc4648.of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", false, true)),
  BASE32_PAD("base32pad", 'c', Rfc4648.of("abcdefghijklmnopqrstuvwxyz234567", true, true)),
  BASE32_HEX("base32hex", 'v', Rfc4648.of("0123456789abcdefghijklmnopqrstuv", false, true)),
  BASE36("base36", 'k', new BaseX("0123456789abcdefghijklmnopqrstuvwxyz", true)),
  BASE36_UPPER("base36upper", 'K', new BaseX("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", true)),
  BASE58_BTC(
      "base58btc",
      'z',
      new BaseX("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false)),
  BASE64(
      "base64",
      'm',
      Rfc4648.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false, false)),
  BASE64_PAD(
      "base64pad",
      'M',
      Rfc4648.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true, false)),
  BASE64_URL(
      "base64url",
      'u',
      Rfc4648.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false, false)),
  BASE64_URL_PAD(
      "base64urlpad",
      'U',
      Rfc4648.of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", true, false));

  private final String baseName;
  private final char prefix;
  private final Alphabet alphabet;

  Multibase(String baseName, char prefix, Alphabet alphabet) {
    this.baseName = baseName;
    this.prefix = prefix;
    this.alphabet = alphabet;
  }

  /** The multibase table's name for this base, such as {@code base32}. */
  public String baseName() {
    return baseName;
  }

  public char prefix() {
    return prefix;
  }

  /** Encodes with the prefix character. */
  public String encode(byte[] data) {
    return prefix + alphabet.encode(data);
  }

  /** Encodes without the prefix character (as base58btc appears in CIDv0 and peer IDs). */
  public String encodeBare(byte[] data) {
    return alphabet.encode(data);
  }

  /** Decodes text without a prefix character. */
  public byte[] decodeBare(String text) {
    return alphabet.decode(text, baseName, 0);
  }

  /** Decodes prefixed multibase text. */
  public static byte[] decode(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("multibase text is empty");
    }
    char p = text.charAt(0);
    Multibase base =
        forPrefix(p)
            .orElseThrow(
                () -> new IllegalArgumentException("unknown multibase prefix '" + p + "'"));
    return base.alphabet.decode(text.substring(1), base.baseName, 1);
  }

  public static Optional<Multibase> forPrefix(char prefix) {
    for (Multibase b : values()) {
      if (b.prefix == prefix) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** Looks a base up by its name ({@code base32}, {@code base58btc}...) or prefix character. */
  public static Multibase forName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Multibase b : values()) {
      if (b.baseName.equalsIgnoreCase(name)) {
        return b;
      }
    }
    if (name.length() == 1) {
      Optional<Multibase> byPrefix = forPrefix(name.charAt(0));
      if (byPrefix.isPresent()) {
        return byPrefix.get();
      }
    }
    throw new IllegalArgumentException(
        "unknown multibase '"
            + n
            + "'; known: "
            + String.join(", ", Arrays.stream(values()).map(Multibase::baseName).toList()));
  }

  private interface Alphabet {
    String encode(byte[] data);

    byte[] decode(String text, String baseName, int offsetForMessages);
  }

  /** The power-of-two bases of RFC 4648: 16, 32 and 64, padded or not. */
  private record Rfc4648(char[] chars, int[] values, int bits, boolean pad) implements Alphabet {
    /**
     * @param caseInsensitive whether decoding accepts both cases (true for the single-case
     *     alphabets of base16 and base32, as other multibase decoders do)
     */
    static Rfc4648 of(String alphabet, boolean pad, boolean caseInsensitive) {
      int bits = Integer.numberOfTrailingZeros(alphabet.length());
      int[] values = new int[128];
      Arrays.fill(values, -1);
      for (int i = 0; i < alphabet.length(); i++) {
        char c = alphabet.charAt(i);
        values[c] = i;
        if (caseInsensitive) {
          values[Character.toLowerCase(c)] = i;
          values[Character.toUpperCase(c)] = i;
        }
      }
      return new Rfc4648(alphabet.toCharArray(), values, bits, pad);
    }

    @Override
    public String encode(byte[] data) {
      StringBuilder sb = new StringBuilder((data.length * 8 + bits - 1) / bits + 8);
      int buffer = 0;
      int buffered = 0;
      int mask = (1 << bits) - 1;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xFF);
        buffered += 8;
        while (buffered >= bits) {
          buffered -= bits;
          sb.append(chars[(buffer >>> buffered) & mask]);
        }
      }
      if (buffered > 0) {
        sb.append(chars[(buffer << (bits - buffered)) & mask]);
      }
      if (pad) {
        int group = bits == 5 ? 8 : bits == 6 ? 4 : 1;
        while (sb.length() % group != 0) {
          sb.append('=');
        }
      }
      return sb.toString();
    }

    @Override
    public byte[] decode(String text, String baseName, int offsetForMessages) {
      int end = text.length();
      while (end > 0 && text.charAt(end - 1) == '=') {
        end--;
      }
      byte[] out = new byte[end * bits / 8];
      int buffer = 0;
      int buffered = 0;
      int o = 0;
      for (int i = 0; i < end; i++) {
        char c = text.charAt(i);
        int v = c < 128 ? values[c] : -1;
        if (v < 0) {
          throw invalidCharacter(baseName, c, i + offsetForMessages);
        }
        buffer = (buffer << bits) | v;
        buffered += bits;
        if (buffered >= 8) {
          buffered -= 8;
          out[o++] = (byte) (buffer >>> buffered);
        }
      }
      if (buffered >= bits || (buffer & ((1 << buffered) - 1)) != 0) {
        throw new IllegalArgumentException(
            "text is not valid " + baseName + ": it has trailing bits set or a dangling character");
      }
      return out;
    }
  }

  /**
   * The longest text {@link BaseX} decodes. Its big-number conversion takes time that grows with
   * the square of the length (one CID of 89,512 base58 characters took 4.8 s), and what is written
   * in these bases is short: a CID or peer ID of at most 128 bytes of digest, as Kubo allows, is
   * under 200 characters.
   */
  static final int MAX_BASE_X_TEXT = 1024;

  /** Bases that are not powers of two (36, 58): big-number conversion with leading-zero bytes. */
  private static final class BaseX implements Alphabet {
    private final char[] chars;
    private final int[] values = new int[128];
    private final int radix;

    BaseX(String alphabet, boolean caseInsensitive) {
      this.chars = alphabet.toCharArray();
      this.radix = chars.length;
      Arrays.fill(values, -1);
      for (int i = 0; i < chars.length; i++) {
        values[chars[i]] = i;
        if (caseInsensitive) {
          values[Character.toLowerCase(chars[i])] = i;
          values[Character.toUpperCase(chars[i])] = i;
        }
      }
    }

    @Override
    public String encode(byte[] data) {
      int zeros = 0;
      while (zeros < data.length && data[zeros] == 0) {
        zeros++;
      }
      byte[] digits = new byte[data.length * 2 + 1];
      int length = 0;
      for (int i = zeros; i < data.length; i++) {
        int carry = data[i] & 0xFF;
        for (int j = 0; j < length; j++) {
          carry += (digits[j] & 0xFF) << 8;
          digits[j] = (byte) (carry % radix);
          carry /= radix;
        }
        while (carry > 0) {
          digits[length++] = (byte) (carry % radix);
          carry /= radix;
        }
      }
      StringBuilder sb = new StringBuilder(zeros + length);
      for (int i = 0; i < zeros; i++) {
        sb.append(chars[0]);
      }
      for (int i = length - 1; i >= 0; i--) {
        sb.append(chars[digits[i]]);
      }
      return sb.toString();
    }

    @Override
    public byte[] decode(String text, String baseName, int offsetForMessages) {
      if (text.length() > MAX_BASE_X_TEXT) {
        throw new IllegalArgumentException(
            "text of "
                + text.length()
                + " characters is longer than the "
                + MAX_BASE_X_TEXT
                + " this node decodes in "
                + baseName
                + " (a CID or peer ID is under 200)");
      }
      int zeros = 0;
      while (zeros < text.length() && text.charAt(zeros) == chars[0]) {
        zeros++;
      }
      byte[] bytes = new byte[text.length()];
      int length = 0;
      for (int i = zeros; i < text.length(); i++) {
        char c = text.charAt(i);
        int v = c < 128 ? values[c] : -1;
        if (v < 0) {
          throw invalidCharacter(baseName, c, i + offsetForMessages);
        }
        int carry = v;
        for (int j = 0; j < length; j++) {
          carry += (bytes[j] & 0xFF) * radix;
          bytes[j] = (byte) carry;
          carry >>>= 8;
        }
        while (carry > 0) {
          bytes[length++] = (byte) carry;
          carry >>>= 8;
        }
      }
      byte[] out = new byte[zeros + length];
      for (int i = 0; i < length; i++) {
        out[zeros + i] = bytes[length - 1 - i];
      }
      return out;
    }
  }

  private static IllegalArgumentException invalidCharacter(String baseName, char c, int position) {
    return new IllegalArgumentException(
        "text is not valid " + baseName + ": character '" + c + "' at position " + position);
  }
}
