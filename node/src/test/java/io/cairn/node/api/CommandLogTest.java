package io.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLogTest {
  @Test
  void entriesAreNumberedAndFinishedOnce() {
    CommandLog log = new CommandLog();
    CommandLog.Handle a = log.start("version", List.of(), Map.of());
    CommandLog.Handle b = log.start("cat", List.of("Qm"), Map.of("offset", List.of("5")));
    log.finish(a);
    var report = log.report();
    assertThat(report).extracting(CommandLog.Entry::id).containsExactly(0, 1);
    assertThat(report.get(0).active()).isFalse();
    assertThat(report.get(1).active()).isTrue();
    assertThat(report.get(1).args()).containsExactly("Qm");
    var end = report.get(0).end();
    log.finish(a);
    assertThat(log.report().get(0).end()).isEqualTo(end);
    log.finish(b);
    assertThat(log.report()).noneMatch(CommandLog.Entry::active);
  }

  @Test
  void finishedCommandsAreDroppedAtEveryTenthAsKubosLogDropsThem() {
    CommandLog log = new CommandLog();
    for (int i = 0; i < 9; i++) {
      log.finish(log.start("version", List.of(), Map.of()));
    }
    assertThat(log.report()).hasSize(9); // kept until a change leaves ten in the log
    log.finish(log.start("version", List.of(), Map.of()));
    assertThat(log.report()).isEmpty();

    log.keep(Duration.ofHours(1));
    for (int i = 0; i < 20; i++) {
      log.finish(log.start("version", List.of(), Map.of()));
    }
    assertThat(log.report()).hasSize(20);
    CommandLog.Handle running = log.start("log/tail", List.of(), Map.of());
    log.clearFinished();
    assertThat(log.report()).extracting(CommandLog.Entry::command).containsExactly("log/tail");
    log.finish(running);
    assertThatThrownBy(() -> log.keep(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLogNeverHoldsMoreThanItsLimitOfFinishedCommands() {
    CommandLog log = new CommandLog();
    log.keep(Duration.ofDays(1));
    CommandLog.Handle running = log.start("log/tail", List.of(), Map.of());
    for (int i = 0; i < CommandLog.MAX_FINISHED + 500; i++) {
      log.finish(log.start("version", List.of(), Map.of()));
    }
    var report = log.report();
    assertThat(report).hasSize(CommandLog.MAX_FINISHED + 1);
    assertThat(report.get(0).command()).isEqualTo("log/tail");
    assertThat(report.get(1).id()).isEqualTo(501); // the oldest finished went first
    log.finish(running);
  }
}
