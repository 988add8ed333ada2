package dev.ringmaster.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port checks for the processes the local stack starts. */
public final class Ports {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private Ports() {
    }

    /**
     * A port that was free a moment ago, taken below the kernel's ephemeral range where there is room. A port the
     * kernel handed out as free is in that range, and between this check and the server's bind any outgoing
     * connection on the machine may be given it as its local port (seen: a packaged service's management port
     * taken so while a test run's three parts were connecting to their databases); below the range only another
     * listener can take it.
     */
    public static int free() {
        int below = ephemeralLow() - 1;
        if (below - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below + 1);
                if (!inUse(port)) {
                    return port;
                }
            }
        }
        return chosenByTheKernel();
    }

    private static int chosenByTheKernel() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The low end of the kernel's ephemeral range (Linux's default where it cannot be read). */
    private static int ephemeralLow() {
        try {
            // By lines: Files.readString read only "3" of this file's "32768 60999" here (a /proc file has no size).
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Whether something already listens on the port (on any address, as a server bound to 0.0.0.0 would). */
    public static boolean inUse(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
