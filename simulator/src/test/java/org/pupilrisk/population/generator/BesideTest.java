package org.pupilrisk.population.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Work beside the caller's: its result or its failure reaches the caller, and the caller never leaves it running,
 * even when the caller's own work fails (a generation's temporary folder is removed only once nothing writes to it).
 */
class BesideTest {

    @Test
    void givesTheWorksResultAndRunsItOnAThreadOfItsOwn() {
        Thread caller = Thread.currentThread();
        try (Beside<Thread> beside = Beside.start("beside-test", Thread::currentThread)) {
            Thread ran = beside.result();
            assertThat(ran).isNotSameAs(caller);
            assertThat(ran.getName()).isEqualTo("beside-test");
            assertThat(ran.isDaemon()).isTrue();
        }
    }

    @Test
    void throwsTheWorksFailureAsThrownThere() {
        IllegalArgumentException failure = new IllegalArgumentException("schools: cannot write");
        try (Beside<Void> beside = Beside.start("beside-test", () -> {
            throw failure;
        })) {
            assertThatThrownBy(beside::result).isSameAs(failure);
        }
        OutOfMemoryError error = new OutOfMemoryError("test");
        try (Beside<Void> beside = Beside.start("beside-test", () -> {
            throw error;
        })) {
            assertThatThrownBy(beside::result).isSameAs(error);
        }
        // a checked exception cannot be thrown as it was: it is the cause of an unchecked one
        IOException checked = new IOException("disk full");
        try (Beside<Void> beside = Beside.start("beside-test", () -> {
            throw checked;
        })) {
            assertThatThrownBy(beside::result).isInstanceOf(IllegalStateException.class).hasCause(checked);
        }
    }

    @Test
    void closingWaitsForTheWorkWhenTheCallersOwnWorkFailed() {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        assertThatThrownBy(() -> {
            try (Beside<Void> beside = Beside.start("beside-test", () -> {
                started.countDown();
                Thread.sleep(300);
                finished.set(true);
                return null;
            })) {
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                throw new IllegalStateException("calibration failed");
            }
        }).hasMessage("calibration failed");
        assertThat(finished).as("the work ended before close returned").isTrue();
    }
}
