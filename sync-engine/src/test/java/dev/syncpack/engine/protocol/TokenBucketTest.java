package dev.syncpack.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void tryTake_startsWithAFullBurst() {
        TokenBucket bucket = new TokenBucket(1, 3, clock);

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void tryTake_refillsExactlyOneTokenPerPeriod() {
        TokenBucket bucket = new TokenBucket(50, 1, clock);
        bucket.tryTake();

        clock.advance(Duration.ofMillis(19));
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void tryTake_accumulatesFractionsAcrossRefills() {
        TokenBucket bucket = new TokenBucket(3, 1, clock);
        bucket.tryTake();

        clock.advance(Duration.ofMillis(200));
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofNanos(133_333_334));
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void tryTake_afterALongPause_holdsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, clock);
        bucket.tryTake();
        bucket.tryTake();

        clock.advance(Duration.ofDays(365 * 1000));

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void tryTake_whenTheClockStepsBack_refillsNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, clock);
        clock.advance(Duration.ofSeconds(10));
        bucket.tryTake();

        clock.advance(Duration.ofSeconds(-5));
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofSeconds(5));
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.tryTake()).isTrue();
    }
}
