package org.avataroffload.testing;

import java.time.Duration;
import java.util.List;

/** Finds threads by name, to prove a component stopped every thread it started. */
public final class Threads {
    private Threads() {}

    public static List<Thread> alive(String namePrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(namePrefix))
                .toList();
    }

    /** Joins every live thread named {@code namePrefix...} within {@code bound}; returns those still alive. */
    public static List<String> stillAliveAfter(String namePrefix, Duration bound) throws InterruptedException {
        joinWithin(alive(namePrefix), bound);
        return alive(namePrefix).stream().map(Thread::getName).toList();
    }

    /** Joins the threads within {@code bound} altogether (not each); those still alive then are the caller's to judge. */
    public static void joinWithin(List<Thread> threads, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread thread : threads) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return;
            thread.join(left);
        }
    }
}
