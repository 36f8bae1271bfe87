package io.cometgate.gateway.redis;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import reactor.netty.resources.LoopResources;

import org.springframework.util.Assert;

/**
 * Lettuce's connections on the event loops of the gateway's own Reactor Netty server, instead of event loops of
 * Lettuce's own.
 * <p>
 * Why: a cached token request is one Redis command between reading the request and writing the answer. With loops of
 * its own, Lettuce adds threads that compete with the server's for the cores, every command is handed to Lettuce's
 * thread to be written and every answer handed back (two wake-ups, two context restores). On the server's loops, a
 * request served by the loop that owns the Redis connection writes its command at once and continues on the same
 * thread when the answer is read; requests on the other loops hand over as before, to a loop that is busy anyway.
 * Reactor Netty's own HTTP client shares the server's loops in the same way (its "colocation"); Lettuce does no
 * blocking work on its loops either.
 * <p>
 * Reactor Netty owns the loops: Lettuce never shuts them down, and the connections must be closed before the loops
 * are ({@link LettuceConnector} closes them in a lifecycle phase before Spring's {@code ReactorResourceFactory}
 * stops). Used only when the channel type Lettuce picks is the one Reactor Netty uses with these loops (both pick
 * epoll on Linux when Netty's native transport is on the class path); otherwise, and for Unix domain sockets,
 * Lettuce keeps loops of its own.
 */
public final class ServerEventLoops implements EventLoopGroupProvider {

    private final Supplier<LoopResources> resources;

    private volatile LoopResources resolved;

    private volatile EventLoopGroup loops;

    /**
     * @param resources the server's loop resources, looked up at the first connection (when the server has them)
     */
    public ServerEventLoops(Supplier<LoopResources> resources) {
        Assert.notNull(resources, "resources cannot be null");
        this.resources = resources;
    }

    /** The server's event loops, as Reactor Netty's HTTP server uses them (native transport when available). */
    EventLoopGroup loops() {
        EventLoopGroup current = this.loops;
        if (current == null) {
            current = resources().onServer(LoopResources.DEFAULT_NATIVE);
            this.loops = current;
        }
        return current;
    }

    private LoopResources resources() {
        LoopResources current = this.resolved;
        if (current == null) {
            current = this.resources.get();
            this.resolved = current;
        }
        return current;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        // Lettuce asks for the group class of its transport but only uses the group as an EventLoopGroup; that its
        // channels fit these loops is checked beforehand (fits).
        return (T) loops();
    }

    /**
     * Whether a channel of the given type can be registered with these loops: Lettuce picks its channel type by
     * itself (epoll, io_uring, kqueue or NIO, by what is on the class path and its own system properties), and Netty
     * refuses to register a channel with loops of another transport.
     * @param channelType the type of channel Lettuce will open
     * @return whether it is the type Reactor Netty uses with these loops
     */
    public boolean fits(Class<? extends Channel> channelType) {
        return resources().onChannelClass(SocketChannel.class, loops()).equals(channelType);
    }

    @Override
    public int threadPoolSize() {
        return LoopResources.DEFAULT_IO_WORKER_COUNT;
    }

    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        // Reactor Netty's loops, not Lettuce's to shut down.
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit timeUnit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
    }

}
