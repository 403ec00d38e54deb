package org.pupilrisk.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rows handed to another thread reach its sink exactly as a direct call would give them: same rows, same order. */
class RowsOnThreadTest {

    private static boolean running(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void everyRowArrivesOnceInOrderWithItsLineOnOneOtherThread() {
        int n = RowsOnThread.BATCH * 3 + 5; // full batches and a part one
        List<String> seen = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        Set<Thread> threads = new HashSet<>();
        try (RowsOnThread handOff = new RowsOnThread((values, line) -> {
            seen.add(values[0]);
            lines.add(line);
            threads.add(Thread.currentThread());
        }, "test-rows-in-order")) {
            for (int i = 0; i < n; i++) {
                handOff.accept(new String[] {"r" + i}, 2L * i + 2);
            }
            handOff.finish();
        }
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).isEqualTo("r" + i);
            assertThat(lines.get(i)).isEqualTo(2L * i + 2);
        }
        assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread());
    }

    @Test
    void whatTheSinkThrowsReachesTheReaderAndTheReaderIsNeverStuck() {
        RuntimeException boom = new IllegalArgumentException("row 5 is bad");
        List<String> taken = new ArrayList<>();
        try (RowsOnThread handOff = new RowsOnThread((values, line) -> {
            if (line == 5) {
                throw boom;
            }
            taken.add(values[0]);
        }, "test-rows-failing")) {
            assertThatThrownBy(() -> {
                // far more rows than the hand-over holds: after the failure the rest is drained, the reader goes on
                for (int i = 0; i < RowsOnThread.BATCH * 40; i++) {
                    handOff.accept(new String[] {"r" + i}, i);
                }
                handOff.finish();
            }).isSameAs(boom);
        }
        assertThat(taken).as("rows before the bad one were taken, none after it").hasSize(5);
    }

    @Test
    void closingWithoutFinishingStopsTheThread() throws Exception {
        RowsOnThread handOff = new RowsOnThread((values, line) -> { }, "test-rows-abandoned");
        handOff.accept(new String[] {"a"}, 2);
        handOff.close(); // the reading failed before the end
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running("test-rows-abandoned") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(running("test-rows-abandoned")).isFalse();
    }
}
