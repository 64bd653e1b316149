package io.aurorakit.lab.toxiproxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Parses and formats Toxiproxy's {@code host:port} addresses ({@code [v6]:port}, {@code :port}, {@code host:0}). */
final class HostPort {
    private final String host;
    private final int port;

    private HostPort(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Parses {@code host:port}; an empty host means all interfaces, an empty value {@code :0}.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static HostPort parse(String value) {
        if (value.isEmpty()) {
            return new HostPort("", 0);
        }
        String host;
        String portText;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw invalid(value);
            }
            host = value.substring(1, close);
            portText = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0 || value.indexOf(':') != colon) {
                throw invalid(value);
            }
            host = value.substring(0, colon);
            portText = value.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (port < 0 || port > 65535) {
            throw invalid(value);
        }
        return new HostPort(host, port);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException(
                "address '" + value + "' is invalid: expected host:port (e.g. 127.0.0.1:8474 or [::1]:8474)");
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Resolves to the first address of the host (all interfaces when the host is empty). */
    InetSocketAddress resolve() throws UnknownHostException {
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** Resolves every address of the host, for dialing an upstream the way Go does (try each in turn). */
    List<InetSocketAddress> resolveAll() throws UnknownHostException {
        List<InetSocketAddress> all = new ArrayList<>();
        if (host.isEmpty()) {
            all.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return all;
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            all.add(new InetSocketAddress(address, port));
        }
        return all;
    }

    /** Formats a bound address as Toxiproxy reports it: {@code 127.0.0.1:41234} or {@code [::1]:41234}. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String text = ip.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return (ip instanceof Inet6Address ? "[" + text + "]" : text) + ":" + address.getPort();
    }
}
