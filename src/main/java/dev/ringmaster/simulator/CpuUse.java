package dev.ringmaster.simulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine's CPUs were during a scenario, and how much of that was the load generator itself
 * (this JVM), so the service's share (with its database) can be told apart when both run on one machine.
 * Shares are of the whole machine: 100 % means every core busy. The machine figure comes from
 * {@code /proc/stat}; where that does not exist (not Linux) it is reported as unknown.
 *
 * @param machine   share of all CPU time that was busy, or -1 when unknown
 * @param generator share of all CPU time used by this process
 */
public record CpuUse(double machine, double generator) {

    /** Counters at one moment. */
    record Sample(long busyTicks, long totalTicks, long processNanos, long wallNanos) {
    }

    static Sample sample() {
        long busy = -1;
        long total = -1;
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: idle and iowait are the not-busy ones.
            total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            busy = total - Long.parseLong(fields[4]) - Long.parseLong(fields[5]);
        } catch (IOException | RuntimeException unavailable) {
            // Not Linux: the machine figure stays unknown.
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Sample(busy, total, process, System.nanoTime());
    }

    static CpuUse since(Sample before) {
        Sample after = sample();
        double machine = before.totalTicks() < 0 || after.totalTicks() <= before.totalTicks() ? -1
                : (double) (after.busyTicks() - before.busyTicks()) / (after.totalTicks() - before.totalTicks());
        double capacity = (double) (after.wallNanos() - before.wallNanos()) * Runtime.getRuntime().availableProcessors();
        double generator = capacity <= 0 ? 0 : (after.processNanos() - before.processNanos()) / capacity;
        return new CpuUse(machine, generator);
    }

    @Override
    public String toString() {
        return machine < 0 ? String.format("cpu generator %3.0f%%", generator * 100)
                : String.format("cpu machine %3.0f%% (generator %3.0f%%)", machine * 100, generator * 100);
    }
}
