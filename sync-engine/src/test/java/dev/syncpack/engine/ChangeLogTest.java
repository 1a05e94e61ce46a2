package dev.syncpack.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncpack.spi.table.RowChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongToIntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    @Test
    void keepsTheNewestBatchesThatFitTheCapacityAndReadsThemLikeAPlainList() {
        Random random = new Random(42);
        for (int capacity : new int[] {1, 2, 5, 17, 100}) {
            checkAgainstAPlainList(capacity, version -> 1 + random.nextInt(Math.min(capacity, 4) + 2), random);
        }
    }

    @Test
    void growsWhileItTrims() {
        checkAgainstAPlainList(100, version -> version <= 50 ? 5 : 1, new Random(7));
    }

    private static void checkAgainstAPlainList(int capacity, LongToIntFunction batchSize, Random random) {
        ChangeLog log = new ChangeLog(capacity);
        List<ChangeLog.Entry> model = new ArrayList<>();
        long trimmedThrough = 0;
        for (long version = 1; version <= 500; version++) {
            List<RowChange> batch = batch(batchSize.applyAsInt(version));
            log.append(version, batch);
            model.add(new ChangeLog.Entry(version, batch));
            while (model.size() > 1 && changes(model) > capacity) {
                trimmedThrough = model.removeFirst().version();
            }
            long since = version - random.nextInt(8);
            int newest = random.nextInt(capacity + 2);
            assertThat(log.after(since)).as("after %d, capacity %d", since, capacity)
                    .isEqualTo(model.stream().filter(entry -> entry.version() > since).toList());
            assertThat(log.newest(newest)).as("newest %d, capacity %d", newest, capacity)
                    .isEqualTo(newestModel(model, newest));
            assertThat(log.covers(trimmedThrough)).isTrue();
            assertThat(log.covers(trimmedThrough - 1)).isFalse();
        }
    }

    @Test
    void keepsABatchLargerThanTheCapacityUntilTheNextOne() {
        ChangeLog log = new ChangeLog(2);
        List<RowChange> large = batch(5);
        log.append(1, large);

        assertThat(log.after(0)).containsExactly(new ChangeLog.Entry(1, large));

        log.append(2, batch(1));
        assertThat(log.after(0)).extracting(ChangeLog.Entry::version).containsExactly(2L);
        assertThat(log.covers(0)).isFalse();
        assertThat(log.covers(1)).isTrue();
    }

    @Test
    void refusesAnEmptyBatch() {
        assertThatThrownBy(() -> new ChangeLog(4).append(1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<RowChange> batch(int size) {
        return IntStream.range(0, size).mapToObj(i -> RowChange.insert("t", Map.of("id", "r" + i))).toList();
    }

    private static int changes(List<ChangeLog.Entry> entries) {
        return entries.stream().mapToInt(entry -> entry.changes().size()).sum();
    }

    private static List<ChangeLog.Entry> newestModel(List<ChangeLog.Entry> model, int count) {
        List<ChangeLog.Entry> newest = new ArrayList<>();
        int changes = 0;
        for (int i = model.size() - 1; i >= 0 && changes < count; i--) {
            newest.addFirst(model.get(i));
            changes += model.get(i).changes().size();
        }
        return newest;
    }
}
