package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void describe_givesThisJvmItsCompilersAndTheRestOfTheMachine() {
        assertThat(new CpuUse(Optional.of(1.5), 2, 1.0, 0.25).describe())
                .isEqualTo("this JVM 1.00 (its JIT compilers compiling 0.25 s a second) and the rest of the machine "
                        + "0.50 of its 2 cores");
    }

    @Test
    void describe_neverGivesTheRestOfTheMachineLessThanNothing() {
        assertThat(new CpuUse(Optional.of(0.9), 2, 1.0, 0.0).describe()).contains("the rest of the machine 0.00");
    }

    @Test
    void describe_saysWhenTheMachineTotalCouldNotBeRead() {
        assertThat(new CpuUse(Optional.empty(), 2, 1.0, 0.0).describe())
                .isEqualTo("this JVM 1.00 cores (its JIT compilers compiling 0.00 s a second; the machine's total "
                        + "was not readable)");
    }

    @Test
    void meter_countsThisJvmsWorkWhileItRuns() {
        CpuUse.Meter meter = CpuUse.start();
        long end = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        CpuUse use = meter.stop();
        assertThat(use.jvmCores()).isPositive();
        assertThat(use.jitLoad()).isNotNegative();
    }
}
