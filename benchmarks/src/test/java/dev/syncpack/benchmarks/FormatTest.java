package dev.syncpack.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void count_groupsThousandsWithSpaces() {
        assertThat(Format.count(20_000)).isEqualTo("20 000");
        assertThat(Format.count(1_234_567)).isEqualTo("1 234 567");
        assertThat(Format.count(999)).isEqualTo("999");
    }
}
