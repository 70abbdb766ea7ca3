package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A file's place on disk travels in Kubo's {@code Abspath-Encoded} part header (add --nocopy). */
class MultipartAbspathTest {
  private static BodyPart file(String name, Path source) {
    return file(name, source == null ? null : source.toUri());
  }

  private static BodyPart file(String name, URI source) {
    return new BodyPart(
        name,
        BodyPart.Kind.FILE,
        () -> new ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)),
        null,
        null,
        source);
  }

  private static BodyPart roundTrip(BodyPart part) throws IOException {
    MultipartWriter writer = new MultipartWriter();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(List.of(part).iterator(), body);
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body.toByteArray()),
            MultipartReader.boundary(writer.contentType()));
    return reader.next();
  }

  @Test
  void aFilesSourceGoesAndComesBackQueryEscaped() throws IOException {
    Path source = Path.of("/data/my files/a+b.bin");
    MultipartWriter writer = new MultipartWriter();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(List.of(file("a+b.bin", source)).iterator(), body);
    assertThat(body.toString(StandardCharsets.UTF_8))
        .contains("\r\nAbspath-Encoded: %2Fdata%2Fmy+files%2Fa%2Bb.bin\r\n");
    assertThat(roundTrip(file("a+b.bin", source)).source()).isEqualTo(source.toUri());
  }

  @Test
  void aWebFilesUrlGoesAndComesBackAsItIs() throws IOException {
    URI url = URI.create("http://127.0.0.1:8080/ipfs/Qm%20x?a=b&c=d");
    MultipartWriter writer = new MultipartWriter();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writer.write(List.of(file("Qm x", url)).iterator(), body);
    assertThat(body.toString(StandardCharsets.UTF_8))
        .contains(
            "\r\nAbspath-Encoded: http%3A%2F%2F127.0.0.1%3A8080%2Fipfs%2FQm%2520x%3Fa%3Db%26c%3Dd\r\n");
    assertThat(roundTrip(file("Qm x", url)).source()).isEqualTo(url);
  }

  @Test
  void aFileWithoutSourceSendsNoHeaderAndWithoutSourcesDropsIt() throws IOException {
    assertThat(roundTrip(file("f", (URI) null)).source()).isNull();
    BodyPart withSource = file("f", Path.of("/x/f"));
    assertThat(BodyPart.withoutSources(List.of(withSource).iterator()).next().source()).isNull();
  }
}
