package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {
  @ParameterizedTest
  @CsvSource({
    "image.png, image/png",
    "PHOTO.JPG, image/jpeg",
    "a.jpeg, image/jpeg",
    "anim.gif, image/gif",
    "x.webp, image/webp",
    "x.avif, image/avif",
    "logo.svg, image/svg+xml",
    "meta.json, application/json",
    "index.html, text/html",
    "notes.txt, text/plain; charset=utf-8",
    "clip.mp4, video/mp4",
    "clip.webm, video/webm",
    "song.mp3, audio/mpeg",
    "doc.pdf, application/pdf",
    "mod.wasm, application/wasm",
    "app.js, text/javascript; charset=utf-8",
    "style.css, text/css; charset=utf-8"
  })
  void typesFilesByExtension(String name, String type) {
    assertThat(ContentTypes.of(name, new byte[] {0, 1, 2}, true)).isEqualTo(type);
  }

  @Test
  void extensionIsCaseInsensitiveAndNeedsADot() {
    assertThat(ContentTypes.byName("a/b.PNG")).isEqualTo("image/png");
    assertThat(ContentTypes.byName("png")).isNull();
    assertThat(ContentTypes.byName("dir.png/file")).isNull();
    assertThat(ContentTypes.byName("file.")).isNull();
    assertThat(ContentTypes.byName("file.unknownext")).isNull();
  }

  @Test
  void sniffsImagesByMagicBytes() {
    assertThat(sniff(TestContent.PNG)).isEqualTo("image/png");
    assertThat(sniff(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F')))
        .isEqualTo("image/jpeg");
    assertThat(sniff(ascii("GIF89a\u0001\u0000\u0001\u0000"))).isEqualTo("image/gif");
    assertThat(sniff(ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).isEqualTo("image/webp");
    assertThat(sniff(ftyp("avif"))).isEqualTo("image/avif");
    assertThat(sniff(TestContent.SVG)).isEqualTo("image/svg+xml");
    assertThat(sniff(ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")))
        .isEqualTo("image/svg+xml");
  }

  @Test
  void sniffsAudioVideoAndDocuments() {
    assertThat(sniff(ftyp("isom"))).isEqualTo("video/mp4");
    assertThat(sniff(ftyp("mp42"))).isEqualTo("video/mp4");
    assertThat(sniff(ftyp("M4A "))).isEqualTo("audio/mp4");
    byte[] webm =
        concat(
            bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1), ascii("B\u0082\u0084webm"));
    assertThat(sniff(webm)).isEqualTo("video/webm");
    assertThat(sniff(ascii("ID3\u0004\u0000"))).isEqualTo("audio/mpeg");
    assertThat(sniff(concat(ascii("OggS"), new byte[24], ascii("OpusHead"))))
        .isEqualTo("audio/ogg");
    assertThat(sniff(ascii("RIFF\u0000\u0000\u0000\u0000WAVEfmt "))).isEqualTo("audio/wav");
    assertThat(sniff(ascii("fLaC\u0000"))).isEqualTo("audio/flac");
    assertThat(sniff(ascii("%PDF-1.7\n"))).isEqualTo("application/pdf");
    assertThat(sniff(bytes(0, 'a', 's', 'm', 1, 0, 0, 0))).isEqualTo("application/wasm");
  }

  @Test
  void sniffsTextKinds() {
    assertThat(sniff(TestContent.META)).isEqualTo("application/json");
    assertThat(sniff(ascii("  [1, 2, {\"a\": null}]\n"))).isEqualTo("application/json");
    assertThat(ContentTypes.of(null, TestContent.PAGE, true)).isEqualTo("text/html");
    assertThat(sniff(ascii("<?xml version=\"1.0\"?><feed/>"))).isEqualTo("text/xml; charset=utf-8");
    assertThat(sniff("hello wörld\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff(ascii("{not json"))).isEqualTo("text/plain; charset=utf-8");
    assertThat(sniff(bytes(0, 1, 2, 3, 0xfe))).isEqualTo("application/octet-stream");
  }

  @Test
  void jsonCutByTheSniffWindowIsStillJson() {
    StringBuilder b = new StringBuilder("{\"items\":[");
    while (b.length() < 5000) {
      b.append("{\"k\":\"value\"},");
    }
    byte[] head = Arrays.copyOf(ascii(b.toString()), ContentTypes.SNIFF_LENGTH);
    assertThat(Sniffer.sniff(head, false)).isEqualTo("application/json");
    assertThat(Sniffer.sniff(head, true)).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void utf8CutByTheSniffWindowIsStillText() {
    byte[] text = "żółw ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] head = Arrays.copyOf(text, 3071);
    assertThat(Sniffer.sniff(head, false)).isEqualTo("text/plain; charset=utf-8");
  }

  private static String sniff(byte[] b) {
    return Sniffer.sniff(b, true);
  }

  private static byte[] ftyp(String brand) {
    return concat(bytes(0, 0, 0, 0x20), ascii("ftyp" + brand + "\u0000\u0000\u0000\u0000"));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}
