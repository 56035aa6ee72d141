package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketTest {

    @Test
    void theListenerIsOnLoopbackAndUnreachableFromOtherAddresses() throws IOException {
        try (ServerSocket listener = LanguageServerLauncher.bindLoopback(0)) {
            assertTrue(listener.getInetAddress().isLoopbackAddress(), listener.toString());
            try (Socket local = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                assertTrue(local.isConnected());
            }
            for (InetAddress other : nonLoopbackAddresses()) {
                assertThrows(IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(other, listener.getLocalPort()), 2000);
                    }
                }, "reachable on " + other);
            }
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }
}
