package io.cometgate.gateway.internal.redis;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a request continues once Redis has answered: on the server event loop that serves the request.
 * <p>
 * Never on Lettuce's I/O thread, which must only read answers: a request's work done there (decrypting a token,
 * writing a response) would delay the answers of every other command on the shared connection, and Lettuce's command
 * timeouts would fire for answers already received. The request's own event loop is where its work would run anyway,
 * and the response is then written from the thread that owns the connection, without a further hand-off. Outside a
 * request (start-up, background checks) answers continue on Reactor's parallel scheduler.
 */
public final class RedisAnswerHandOff {

    private static final Object KEY = RedisAnswerHandOff.class;

    private static final Executor PARALLEL = (task) -> Schedulers.parallel().schedule(task);

    private RedisAnswerHandOff() {
    }

    /**
     * Records, in the Reactor context of a request's chain, the event loop serving the request.
     * @param context the chain's context
     * @param exchange the request
     * @return the context, with the request's event loop when it is served by Reactor Netty
     */
    public static Context forRequest(Context context, ServerWebExchange exchange) {
        Executor eventLoop = eventLoopOf(exchange);
        return (eventLoop != null) ? context.put(KEY, eventLoop) : context;
    }

    /**
     * A Redis answer, delivered on the request's event loop (or on Reactor's parallel scheduler outside a request).
     * The hand-off happens on the future itself, before Reactor sees the answer: Lettuce's thread then only passes
     * it on, and the request's context (trace id, observation) is restored once, on the thread that continues.
     * @param <T> the answer
     * @param answer starts the Redis call; its future completes on Lettuce's I/O thread
     * @return the answer, continued off that thread
     */
    public static <T> Mono<T> answer(Supplier<? extends CompletionStage<T>> answer) {
        return Mono.deferContextual((context) -> {
            Executor continueOn = executorOf(context);
            return Mono.fromCompletionStage(() -> answer.get().thenApplyAsync(Function.identity(), continueOn));
        });
    }

    private static Executor executorOf(ContextView context) {
        return context.getOrDefault(KEY, PARALLEL);
    }

    private static Executor eventLoopOf(ServerWebExchange exchange) {
        try {
            Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
            return (nativeRequest instanceof Connection connection) ? connection.channel().eventLoop() : null;
        }
        catch (IllegalArgumentException | IllegalStateException notReactorNetty) {
            // Another server, or a mock (which has no native request): the parallel scheduler does.
            return null;
        }
    }

}
