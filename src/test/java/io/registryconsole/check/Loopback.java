package io.registryconsole.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Loopback addresses that fail in known ways. Nothing here ever leaves 127.0.0.0/8. */
public final class Loopback {

    private Loopback() {
    }

    /** A port on 127.0.0.1 where nothing listens: connects are refused at once. */
    public static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A listening socket on 127.0.0.1 that never accepts, its backlog filled: Linux then drops further SYNs, so a
     * connect waits for its timeout as with a firewalled host.
     */
    public static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        public BlackHole() {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                // A backlog of 1 holds two completed connections on Linux; more are never accepted.
                for (int i = 0; i < 2; i++) {
                    Socket s = new Socket();
                    s.connect(server.getLocalSocketAddress(), 1000);
                    fillers.add(s);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            for (Socket s : fillers) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
