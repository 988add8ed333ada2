package dev.ringmaster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The server's side of a run, read from {@code /proc}: CPU time of the service's JVM and of its PostgreSQL
 * (the postmaster with every backend), and the JVM's resident memory. The load generator runs on the same
 * machine, so the machine's busy time says little; what each server process spent per request does.
 *
 * @param jvmPid      the service's JVM, or 0 when unknown (a service given by URL without {@code --service-pid})
 * @param postgresPid the postmaster, or 0 when unknown
 */
record ServerCpu(long jvmPid, long postgresPid) {

    /** Kernel clock ticks per second; USER_HZ is 100 on every Linux architecture this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** CPU seconds used so far. */
    record Sample(double jvmSeconds, double postgresSeconds) {
    }

    Sample sample() {
        return new Sample(jvmPid == 0 ? Double.NaN : ticks(jvmPid, false) / TICKS_PER_SECOND,
                postgresPid == 0 ? Double.NaN : postgresTicks() / TICKS_PER_SECOND);
    }

    /** The JVM's resident set in MiB, or NaN. */
    double rssMiB() {
        if (jvmPid == 0) {
            return Double.NaN;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(jvmPid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024.0).orElse(Double.NaN);
        } catch (IOException gone) {
            return Double.NaN;
        }
    }

    /**
     * The postmaster's own time and that of the backends it has reaped ({@code cutime}, {@code cstime}), plus
     * the time of its children still running: a backend that ends during a run still counts.
     */
    private long postgresTicks() {
        long total = ticks(postgresPid, true);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                String[] fields = stat(process);
                if (fields != null && Long.parseLong(fields[1]) == postgresPid) {
                    total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        String[] fields = stat(Path.of("/proc", Long.toString(pid)));
        if (fields == null) {
            return 0;
        }
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withReapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command name (which may hold spaces): index 0 is the
     * state, 1 the parent pid, 11/12 utime/stime, 13/14 cutime/cstime. Null when the process is gone.
     */
    private static String[] stat(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    /** The postmaster's pid: the first line of {@code postmaster.pid} in its data directory. */
    static OptionalLong postmasterOf(Path dataDirectory) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip()));
        } catch (IOException | RuntimeException none) {
            return OptionalLong.empty();
        }
    }
}
