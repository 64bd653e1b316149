package io.aurorakit.lab.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** Client-side socket steps shared by the suites. */
final class Sockets {
    private Sockets() {
    }

    /** Connects to a proxy's {@code listen} address ("ip:port") with a read timeout. */
    static Socket connect(String listen, int readTimeoutMillis) throws IOException {
        int colon = listen.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))),
                5_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
        return socket;
    }

    /** Writes {@code payload}, reads the same number of bytes back, checks them and returns the elapsed ms. */
    static long roundTrip(Socket socket, byte[] payload) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(payload);
        byte[] back = readExactly(socket, payload.length);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        assertThat(back).isEqualTo(payload);
        return elapsed;
    }

    static byte[] readExactly(Socket socket, int length) throws IOException {
        byte[] data = new byte[length];
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < length) {
            int n = in.read(data, read, length - read);
            if (n < 0) {
                throw new IOException("EOF after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return data;
    }

    /** Reads until EOF; fails on a read timeout. */
    static byte[] readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = socket.getInputStream().read(buffer)) >= 0) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    /** True if the connection ends (EOF or reset) before the socket's read timeout, ignoring data still arriving. */
    static boolean endsBeforeTimeout(Socket socket) throws IOException {
        try {
            byte[] buffer = new byte[8192];
            while (socket.getInputStream().read(buffer) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static byte[] payload(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        return data;
    }

    static byte[] prefix(byte[] data, int length) {
        return Arrays.copyOf(data, length);
    }
}
