package io.aurorakit.lab.toxiproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Toxiproxy 2.x's HTTP API onto {@link Proxies}. Content-Type and Accept are ignored; every failure carries
 * {@code {"error":...,"status":...}} (the toxiproxy-java client throws unchecked exceptions otherwise).
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String VERSION = "2.12.0-aurorakit";

    private static final String GET = "GET";
    private static final String POST = "POST";
    private static final String PATCH = "PATCH";
    private static final String DELETE = "DELETE";

    private final Proxies proxies;
    private final ApiJson json = new ApiJson();

    ApiHandler(Proxies proxies) {
        this.proxies = proxies;
    }

    /** A response: status and body (null for an empty body). */
    private record Response(int status, byte[] body) {
        static Response ok(byte[] body) {
            return new Response(200, body);
        }

        static Response created(byte[] body) {
            return new Response(201, body);
        }

        static Response noContent() {
            return new Response(204, null);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Response response;
            try {
                response = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body);
            } catch (ApiException e) {
                response = new Response(e.status(), json.error(e.status(), e.getMessage(), e.proxies()));
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = new Response(500, json.error(500, String.valueOf(e), null));
            }
            send(exchange, response);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        if (response.body() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    private Response route(String method, String path, byte[] body) throws ApiException {
        List<String> parts = segments(path);
        if (parts == null) {
            throw ApiException.notFound("page not found");
        }
        switch (parts.size()) {
            case 1:
                return routeRoot(method, parts.get(0), body);
            case 2:
                if (parts.get(0).equals("proxies")) {
                    return routeProxy(method, parts.get(1), body);
                }
                break;
            case 3:
                if (parts.get(0).equals("proxies") && parts.get(2).equals("toxics")) {
                    return routeToxics(method, parts.get(1), body);
                }
                break;
            case 4:
                if (parts.get(0).equals("proxies") && parts.get(2).equals("toxics")) {
                    return routeToxic(method, parts.get(1), parts.get(3), body);
                }
                break;
            default:
                break;
        }
        throw ApiException.notFound("page not found");
    }

    /** Splits "/a/b" into [a, b]; null for an empty segment (no route matches those, as with gorilla/mux). */
    private static List<String> segments(String path) {
        if (path == null || !path.startsWith("/") || path.length() == 1) {
            return null;
        }
        List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
        return parts.contains("") ? null : parts;
    }

    private Response routeRoot(String method, String resource, byte[] body) throws ApiException {
        switch (resource) {
            case "version":
                requireMethod(method, GET);
                return Response.ok(json.version(VERSION));
            case "reset":
                requireMethod(method, POST);
                proxies.reset();
                return Response.noContent();
            case "populate":
                requireMethod(method, POST);
                return Response.created(json.populated(proxies.populate(json.populateRequest(body))));
            case "proxies":
                if (method.equals(GET)) {
                    return Response.ok(json.proxies(proxies.list()));
                }
                requireMethod(method, POST);
                return Response.created(json.proxy(proxies.create(json.proxyRequest(body))));
            default:
                throw ApiException.notFound("page not found");
        }
    }

    private Response routeProxy(String method, String name, byte[] body) throws ApiException {
        switch (method) {
            case GET:
                return Response.ok(json.proxy(proxies.get(name)));
            case POST:
            case PATCH:
                proxies.get(name);
                return Response.ok(json.proxy(proxies.update(name, json.proxyRequest(body))));
            case DELETE:
                proxies.delete(name);
                return Response.noContent();
            default:
                throw methodNotAllowed(method);
        }
    }

    private Response routeToxics(String method, String proxy, byte[] body) throws ApiException {
        if (method.equals(GET)) {
            return Response.ok(json.toxics(proxies.toxics(proxy)));
        }
        requireMethod(method, POST);
        proxies.get(proxy);
        return Response.ok(json.toxic(proxies.addToxic(proxy, json.toxicRequest(body))));
    }

    private Response routeToxic(String method, String proxy, String toxic, byte[] body) throws ApiException {
        switch (method) {
            case GET:
                return Response.ok(json.toxic(proxies.toxic(proxy, toxic)));
            case POST:
            case PATCH:
                proxies.toxic(proxy, toxic);
                return Response.ok(json.toxic(proxies.updateToxic(proxy, toxic, json.toxicRequest(body))));
            case DELETE:
                proxies.deleteToxic(proxy, toxic);
                return Response.noContent();
            default:
                throw methodNotAllowed(method);
        }
    }

    private static void requireMethod(String method, String expected) throws ApiException {
        if (!method.equals(expected)) {
            throw methodNotAllowed(method);
        }
    }

    private static ApiException methodNotAllowed(String method) {
        return new ApiException(405, "method not allowed: " + method);
    }
}
