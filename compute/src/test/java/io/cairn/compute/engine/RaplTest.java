package io.cairn.compute.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplTest {
  private static final long RANGE = 262_143_328_850L;

  @TempDir Path powercap;

  private void zone(String name, long energyUj) throws IOException {
    Path dir = Files.createDirectories(powercap.resolve(name));
    Files.writeString(dir.resolve("energy_uj"), energyUj + "\n");
    Files.writeString(dir.resolve("max_energy_range_uj"), RANGE + "\n");
  }

  @Test
  void energyIsTheRiseOfEveryPackageCounterAndSubZonesAreNotCountedTwice() throws IOException {
    zone("intel-rapl:0", 1_000_000);
    zone("intel-rapl:0:0", 500_000);
    zone("intel-rapl:1", 2_000_000);
    Files.createDirectories(powercap.resolve("intel-rapl")); // the control type, no counter
    Rapl rapl = new Rapl(powercap);
    var before = rapl.read();
    zone("intel-rapl:0", 1_250_000);
    zone("intel-rapl:0:0", 900_000);
    zone("intel-rapl:1", 2_500_500);
    assertThat(rapl.millijoulesSince(before)).hasValue(750);
  }

  @Test
  void aCounterThatWrappedIsUndoneWithItsRange() throws IOException {
    zone("intel-rapl:0", RANGE - 1_000);
    Rapl rapl = new Rapl(powercap);
    var before = rapl.read();
    zone("intel-rapl:0", 4_000);
    assertThat(rapl.millijoulesSince(before)).hasValue(5);
  }

  @Test
  void noRaplOrAnUnreadableCounterIsNotMeasured() throws IOException {
    assertThat(new Rapl(powercap.resolve("absent")).read()).isEmpty();
    assertThat(new Rapl(powercap).read()).as("no zones").isEmpty();
    zone("intel-rapl:0", 1_000);
    Rapl rapl = new Rapl(powercap);
    var before = rapl.read();
    assertThat(before).isPresent();
    Files.writeString(powercap.resolve("intel-rapl:0/energy_uj"), "junk\n");
    assertThat(rapl.millijoulesSince(before)).isEmpty();
    assertThat(rapl.read()).isEmpty();
    Files.delete(powercap.resolve("intel-rapl:0/energy_uj"));
    assertThat(rapl.read()).isEmpty();
    assertThat(rapl.millijoulesSince(rapl.read())).isEmpty();
  }
}
