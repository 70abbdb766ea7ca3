package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

/** The node's heap for the memories of jobs running at once. */
class JobMemoryTest {
  private static final int PAGE = 65536;

  @Test
  void memoriesOfJobsRunningAtOnceStayWithinTheNodesBudget() {
    JobMemory node = new JobMemory(64L * PAGE);
    try (JobMemory.Lease first = node.lease();
        JobMemory.Lease second = node.lease()) {
      Memory a = CappedMemory.create(new MemoryLimits(16, 1000), 1000, first);
      assertThat(node.usedBytes()).isEqualTo(16L * PAGE);
      a.grow(16); // the array doubles to 32 pages
      assertThat(node.usedBytes()).isEqualTo(32L * PAGE);

      Memory b = CappedMemory.create(new MemoryLimits(16, 1000), 1000, second);
      assertThat(node.usedBytes()).isEqualTo(48L * PAGE);
      // b's array would double to 32 pages: 64 in all is the budget, 65 is past it
      b.grow(16);
      assertThat(node.usedBytes()).isEqualTo(64L * PAGE);
      assertThatThrownBy(() -> a.grow(1))
          .isInstanceOfSatisfying(
              JobAbort.class,
              e -> {
                assertThat(e.status().kind()).isEqualTo(WasmOutcome.Kind.HOST_ERROR);
                assertThat(e.status().detail())
                    .startsWith("this node's memory for jobs is taken: the job's memory of ")
                    .contains("past the " + 64L * PAGE + " bytes (half the node's heap)");
              });
      assertThat(a.pages()).isEqualTo(32);
      assertThat(node.usedBytes()).isEqualTo(64L * PAGE);
    }
    assertThat(node.usedBytes()).isZero();
  }

  @Test
  void aJobWhoseFirstPagesDoNotFitIsRefusedAndHoldsNothing() {
    JobMemory node = new JobMemory(8L * PAGE);
    try (JobMemory.Lease lease = node.lease()) {
      assertThatThrownBy(() -> CappedMemory.create(new MemoryLimits(9, 100), 100, lease))
          .isInstanceOf(JobAbort.class);
      assertThat(node.usedBytes()).isZero();
    }
  }
}
