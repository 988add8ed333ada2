package dev.ringmaster.localstack;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Lets the PostgreSQL JDBC driver talk to a server on this machine over its Unix socket, with the JDK's own
 * Unix-domain channels: a round trip costs less than over loopback TCP, and a virtual thread that waits for
 * the answer frees its carrier as it would on a TCP socket (docs/configuration.md has the figures). The driver
 * creates it by name ({@code socketFactory=...}) with the socket file as {@code socketFactoryArg}; whatever
 * host and port the URL names are not used.
 *
 * <p>The driver uses a {@link Socket}'s streams and its read timeout (for {@code LISTEN} polling and connection
 * checks), nothing else that TCP alone has; options that only TCP knows (no-delay, keep-alive) are accepted
 * and mean nothing here.
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path socketFile;

    /** The constructor the driver calls, with the connection's properties. */
    public UnixSocketFactory(Properties connection) {
        String file = connection.getProperty("socketFactoryArg");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("socketFactoryArg must name the server's Unix socket file");
        }
        this.socketFile = Path.of(file);
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(socketFile);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        Socket socket = createSocket();
        socket.connect(null);
        return socket;
    }

    /** A {@link Socket} face on a blocking Unix-domain {@link SocketChannel}. */
    static final class UnixSocket extends Socket {

        private final Path file;
        private SocketChannel channel;
        private volatile int readTimeoutMillis;

        UnixSocket(Path file) {
            this.file = file;
        }

        @Override
        public void connect(SocketAddress ignored, int timeoutMillis) throws IOException {
            if (channel != null) {
                throw new SocketException("already connected");
            }
            SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                opened.connect(UnixDomainSocketAddress.of(file));
            } catch (IOException e) {
                opened.close();
                throw new SocketException("cannot connect to " + file + ": " + e.getMessage());
            }
            channel = opened;
        }

        @Override
        public void connect(SocketAddress ignored) throws IOException {
            connect(ignored, 0);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int read = read(one, 0, 1);
                    return read < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    if (length == 0) {
                        return 0;
                    }
                    int timeout = readTimeoutMillis;
                    if (timeout > 0) {
                        awaitReadable(timeout);
                    }
                    return open().read(ByteBuffer.wrap(bytes, offset, length));
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                    while (buffer.hasRemaining()) {
                        open().write(buffer);
                    }
                }
            };
        }

        /**
         * A blocking channel has no read timeout, so a timed read first waits for data on a selector of its own,
         * the channel non-blocking meanwhile. The driver times reads only now and then (a {@code LISTEN} poll, a
         * connection check), so the selector's cost stays off the queries' path.
         */
        private void awaitReadable(int timeoutMillis) throws IOException {
            SocketChannel open = open();
            boolean ready;
            try (Selector selector = Selector.open()) {
                open.configureBlocking(false);
                open.register(selector, SelectionKey.OP_READ);
                ready = selector.select(timeoutMillis) > 0;
            } finally {
                // Closing the selector cancelled the registration, so the channel may block again.
                open.configureBlocking(true);
            }
            if (!ready) {
                throw new SocketTimeoutException("Read timed out after " + timeoutMillis + " ms");
            }
        }

        private SocketChannel open() throws SocketException {
            SocketChannel current = channel;
            if (current == null) {
                throw new SocketException("not connected");
            }
            return current;
        }

        @Override
        public void setSoTimeout(int timeoutMillis) throws SocketException {
            if (timeoutMillis < 0) {
                throw new IllegalArgumentException("timeout < 0");
            }
            readTimeoutMillis = timeoutMillis;
        }

        @Override
        public int getSoTimeout() {
            return readTimeoutMillis;
        }

        @Override
        public void setTcpNoDelay(boolean on) {
            // Nothing to delay on a Unix socket.
        }

        @Override
        public void setKeepAlive(boolean on) {
            // A Unix socket's peer is on this machine; its end is seen at once.
        }

        @Override
        public boolean isConnected() {
            return channel != null && channel.isConnected();
        }

        @Override
        public boolean isClosed() {
            return channel != null && !channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        public String toString() {
            return "UnixSocket[" + file + "]";
        }
    }
}
