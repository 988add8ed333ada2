package dev.ringmaster.localstack;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void aFreePortLiesBelowTheKernelsEphemeralRangeAndCanBeListenedOn() throws Exception {
        int ephemeralLow = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                .getFirst().trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertThat(port).as("never a port an outgoing connection may be given meanwhile")
                    .isBetween(10_000, ephemeralLow - 1);
            ports.add(port);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(port));
                assertThat(Ports.inUse(port)).isTrue();
            }
        }
        assertThat(ports).as("chosen at random, so two callers at once rarely pick the same").hasSizeGreaterThan(15);
    }
}
