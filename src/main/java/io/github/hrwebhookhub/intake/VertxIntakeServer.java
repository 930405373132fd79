package io.github.hrwebhookhub.intake;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.github.hrwebhookhub.config.HubProperties;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.springframework.boot.ssl.SslBundle;
import org.slf4j.LoggerFactory;

/**
 * The webhook intake on its own non-blocking HTTP server (engine {@code vertx}): Camel's Vert.x platform-http engine
 * serves the {@code platform-http:/webhooks/{source}} route of routes/intake.camel.yaml on {@code hub.intake.port},
 * while ops, actuator, Hawtio and the sandbox stay on Spring MVC.
 *
 * <p>Around Camel's consumer this server keeps the intake's request guarantees: the body is read as raw bytes with
 * the size limit enforced while reading (413), a body that takes longer than {@code hub.limits.read-timeout} to
 * arrive gets 408, a route that has not answered in {@code hub.intake.response-timeout} gets 503, form content types
 * reach the route unparsed (it answers 415), and every error the server itself produces is the intake's JSON body.
 */
public class VertxIntakeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VertxIntakeServer.class);
    /** The Content-Type a form or multipart request is masked as, so that Camel hands the route its bytes unparsed. */
    private static final String OPAQUE = "application/octet-stream";
    private static final String TIMER = "hubBodyTimer";

    private final HubProperties.Intake settings;
    private final long maxBody;
    private final long readTimeoutMillis;
    private final Vertx vertx;
    private final Router router;
    private final SslBundle tls;
    private HttpServer server;

    /**
     * @param tls the certificate the intake serves HTTPS with: the one of {@code server.ssl} (a Spring SSL bundle or
     *            a key store), so that turning TLS on never leaves the webhooks on plain HTTP; null for plain HTTP
     */
    public VertxIntakeServer(HubProperties hub, SslBundle tls) {
        this.tls = tls;
        this.settings = hub.intake();
        this.maxBody = hub.limits().maxBody().toBytes();
        this.readTimeoutMillis = Math.max(1, hub.limits().readTimeout().toMillis());
        int cores = Runtime.getRuntime().availableProcessors();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores).setWorkerPoolSize(settings.workerThreads())
                .setMaxWorkerExecuteTime(settings.responseTimeout().toNanos() * 3).setMaxWorkerExecuteTimeUnit(TimeUnit.NANOSECONDS));
        this.router = Router.router(vertx);
        router.route().order(Integer.MIN_VALUE).handler(this::beforeBody);
        // reached only when no intake consumer took the request: a wrong method, or the route is not running
        router.route().order(Integer.MAX_VALUE).handler(this::unhandled);
        for (int status : List.of(400, 404, 405, 408, 413, 414, 431, 500, 503)) {
            router.errorHandler(status, ctx -> fail(ctx, status));
        }
    }

    /** Makes Camel's platform-http component serve its routes from this server; call before the routes start. */
    public void bindTo(CamelContext camel) {
        camel.getRegistry().bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO,
                new VertxPlatformHttpRouter(null, vertx, router, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO) {
                    @Override
                    public Handler<RoutingContext> bodyHandler() {
                        return BodyHandler.create(false).setBodyLimit(maxBody).setHandleFileUploads(false)
                                .setMergeFormAttributes(false).setPreallocateBodyBuffer(true);
                    }
                });
        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine();
        engine.setCamelContext(camel);
        // runs after the body handler: the body is complete, so its read timer stops
        engine.setHandlers(List.of(this::bodyComplete));
        camel.getComponent("platform-http", PlatformHttpComponent.class).setEngine(engine);
    }

    /** Starts listening; returns once the port is bound. */
    public void start() {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                .setHandle100ContinueAutomatically(true).setCompressionSupported(false).setDecompressionSupported(false)
                // a connection is cut only when it has been silent for longer than any answer may take: a slow body gets
                // its 408 and a stuck route its 503 first
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(readTimeoutMillis, settings.responseTimeout().toMillis()) + 5_000))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTcpNoDelay(true).setHttp2ClearTextEnabled(false);
        if (tls != null) {
            options.setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(tls.getManagers().getKeyManagerFactory()));
        }
        server = vertx.createHttpServer(options).invalidRequestHandler(this::invalid).requestHandler(router).listen().toCompletionStage().toCompletableFuture()
                .orTimeout(30, TimeUnit.SECONDS).join();
        LOG.info("webhook intake (Vert.x) listening on {}:{}{}", settings.host(), server.actualPort(), tls == null ? "" : " (HTTPS)");
    }

    /** The port the intake listens on (the bound one when configured as 0). */
    public int port() {
        return server == null ? settings.port() : server.actualPort();
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("webhook intake server did not close cleanly: {}", e.toString());
        } finally {
            vertx.close();
        }
    }

    private void beforeBody(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.POST) {
            long timer = vertx.setTimer(readTimeoutMillis, id -> {
                if (!ctx.response().ended() && !ctx.response().headWritten()) {
                    answer(ctx.response().putHeader("Connection", "close"), 408, "request_timeout", "body not received in time");
                }
            });
            ctx.put(TIMER, timer);
            ctx.addEndHandler(done -> vertx.cancelTimer(timer));
            String type = ctx.request().getHeader("Content-Type");
            String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                // Camel would parse such a body into parameters; the route sees it opaque and answers 415
                ctx.request().headers().set("Content-Type", OPAQUE);
            }
        }
        ctx.next();
    }

    /**
     * A request the HTTP decoder could not take in whole: answered with JSON, and the connection closed a second
     * later. Closing at once, while the client is still sending the rest of its headers, would make the kernel
     * reset the connection over the unread bytes and the client lose the answer; meanwhile the decoder discards
     * whatever else arrives.
     */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        HttpServerResponse response = request.response().putHeader("Connection", "close");
        if (cause instanceof TooLongHttpHeaderException) {
            answer(response, 431, "headers_too_large", "request headers too large");
        } else if (cause instanceof TooLongHttpLineException) {
            answer(response, 414, "uri_too_long", "request line too long");
        } else {
            answer(response, 400, "invalid_request", "request could not be parsed");
        }
        HttpConnection connection = request.connection();
        vertx.setTimer(1_000, timer -> connection.close());
    }

    private void bodyComplete(RoutingContext ctx) {
        Long timer = ctx.get(TIMER);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        if (ctx.response().ended()) {
            return; // the read timeout answered already
        }
        long responseTimer = vertx.setTimer(settings.responseTimeout().toMillis(), id -> {
            if (!ctx.response().ended() && !ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", "5");
                answer(ctx.response(), 503, "unavailable", "event not stored; retry later");
            }
        });
        ctx.addEndHandler(done -> vertx.cancelTimer(responseTimer));
        ctx.next();
    }

    private void unhandled(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        String path = ctx.request().path();
        String prefix = "/webhooks/";
        if (path == null || !path.startsWith(prefix) || path.length() == prefix.length() || path.indexOf('/', prefix.length()) >= 0) {
            answer(ctx.response(), 404, "not_found", "no such endpoint");
        } else if (ctx.request().method() != HttpMethod.POST) {
            ctx.response().putHeader("Allow", "POST");
            answer(ctx.response(), 405, "method_not_allowed", "use POST");
        } else {
            ctx.response().putHeader("Retry-After", "5");
            answer(ctx.response(), 503, "unavailable", "the intake is not running; retry later");
        }
    }

    private void fail(RoutingContext ctx, int status) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        switch (status) {
            case 400 -> answer(ctx.response().putHeader("Connection", "close"), 400, "invalid_body", "body could not be read");
            case 404 -> answer(ctx.response(), 404, "not_found", "no such endpoint");
            case 405 -> answer(ctx.response().putHeader("Allow", "POST"), 405, "method_not_allowed", "use POST");
            case 408 -> answer(ctx.response().putHeader("Connection", "close"), 408, "request_timeout", "body not received in time");
            case 413 -> answer(ctx.response().putHeader("Connection", "close"), 413, "payload_too_large", "body exceeds " + maxBody + " bytes");
            case 414 -> answer(ctx.response().putHeader("Connection", "close"), 414, "uri_too_long", "request line too long");
            case 431 -> answer(ctx.response().putHeader("Connection", "close"), 431, "headers_too_large", "request headers too large");
            case 503 -> answer(ctx.response().putHeader("Retry-After", "5"), 503, "unavailable", "event not stored; retry later");
            default -> {
                LOG.warn("webhook intake: request failed in the HTTP server: {}",
                        ctx.failure() == null ? "status " + status : ctx.failure().getClass().getSimpleName());
                answer(ctx.response().putHeader("Retry-After", "5"), 503, "unavailable", "event not stored; retry later");
            }
        }
    }

    private static void answer(HttpServerResponse response, int status, String error, String detail) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\"}");
    }
}
