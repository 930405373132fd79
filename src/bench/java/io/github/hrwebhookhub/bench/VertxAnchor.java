package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * The Vert.x bare-HTTP anchor: the engine a non-blocking intake would run on (the Vert.x of
 * camel-platform-http-vertx), answering each POST with 202 and a small JSON body once it has read the whole body,
 * with one server instance per event loop and one event loop per core. Like the JDK anchor it does nothing else, so
 * it is the ceiling the hub's intake could approach on this machine with this generator.
 */
final class VertxAnchor implements AutoCloseable {

    private static final Buffer ANSWER = Buffer.buffer("{\"status\":\"ok\"}");

    private final Vertx vertx;
    private final int port;

    private VertxAnchor(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts the servers on {@code host:port} and waits until they listen. */
    static VertxAnchor start(String host, int port) throws Exception {
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                vertx.createHttpServer()
                        .requestHandler(request -> request.body().onComplete(read -> request.response()
                                .setStatusCode(read.succeeded() ? 202 : 400)
                                .putHeader("Content-Type", "application/json")
                                .end(ANSWER)))
                        .listen(port, host)
                        .<Void>mapEmpty()
                        .onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new VertxAnchor(vertx, port);
    }

    /** The Vert.x version on the class path, as its jar states it. */
    static String version() {
        try (InputStream in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
            return in == null ? "(version unknown)" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
