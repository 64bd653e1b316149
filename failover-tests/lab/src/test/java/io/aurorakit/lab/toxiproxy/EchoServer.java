package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A test upstream on 127.0.0.1: echoes by default, or runs a given handler per connection. Counts bytes received. */
final class EchoServer implements AutoCloseable {
    /** What the server does with one accepted connection. */
    interface Handler {
        void serve(Socket socket, EchoServer server) throws IOException;
    }

    static final Handler ECHO = (socket, server) -> {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            server.received.addAndGet(n);
            out.write(buffer, 0, n);
        }
    };

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong received = new AtomicLong();

    private EchoServer(Handler handler) throws IOException {
        this.handler = handler;
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
        start("echo-accept", this::acceptLoop);
    }

    static EchoServer echo() throws IOException {
        return new EchoServer(ECHO);
    }

    static EchoServer with(Handler handler) throws IOException {
        return new EchoServer(handler);
    }

    /** "127.0.0.1:port", usable as a proxy upstream. */
    String address() {
        return "127.0.0.1:" + serverSocket.getLocalPort();
    }

    long bytesReceived() {
        return received.get();
    }

    void countReceived(long n) {
        received.addAndGet(n);
    }

    private void start(String name, Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                start("echo-conn", () -> {
                    try (socket) {
                        handler.serve(socket, this);
                    } catch (IOException e) {
                        // peer went away
                    } finally {
                        sockets.remove(socket);
                    }
                });
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
