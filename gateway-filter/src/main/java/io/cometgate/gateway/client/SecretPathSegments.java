package io.cometgate.gateway.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

import org.springframework.web.util.UriUtils;

/**
 * Keeps an auth token that CometChat wants in a URL path ({@code DELETE /users/{uid}/auth_tokens/{authToken}}) out
 * of every URL the gateway's own code, Spring's WebClient and Reactor Netty see.
 * <p>
 * WHY: a URL is not treated as a secret anywhere. WebClient logs it at DEBUG and names it in its Reactor checkpoint,
 * Reactor Netty logs it at DEBUG, a {@code WebClientRequestException} carries it, and tracing exports it as the
 * client span's {@code http.url}. So the client sends {@link #PLACEHOLDER} as the path segment and the real segment
 * in the header {@link #HEADER} (headers are masked in WebClient's logs, as the {@code apikey} header already is);
 * this Netty handler, installed by {@link #install(HttpClient)} right after the HTTP codec, swaps the two while the
 * request is encoded onto the wire, and drops the header. Only the bytes on the socket hold the token.
 */
public final class SecretPathSegments extends ChannelOutboundHandlerAdapter {

    /** The path segment every URL shows instead of the secret one. */
    public static final String PLACEHOLDER = "REDACTED";

    /** The header carrying the real segment from the client to this handler; never sent to CometChat. */
    public static final String HEADER = "x-cometgate-secret-path-segment";

    private static final String HANDLER_NAME = "cometgate.secretPathSegments";

    private static final String SEGMENT = "/" + PLACEHOLDER;

    /**
     * Installs the handler on every connection of a client. A {@link CometChatClient} whose WebClient does not have
     * it cannot revoke a single token ({@code deleteAuthToken} would name {@link #PLACEHOLDER}).
     * @param httpClient the client to CometChat
     * @return the client with the handler
     */
    public static HttpClient install(HttpClient httpClient) {
        return httpClient.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new SecretPathSegments());
            }
            else {
                channel.pipeline().addLast(HANDLER_NAME, new SecretPathSegments());
            }
        });
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpRequest request) {
            String secret = request.headers().get(HEADER);
            if (secret != null) {
                request.headers().remove(HEADER);
                request.setUri(withSegment(request.uri(), secret));
            }
        }
        super.write(context, message, promise);
    }

    // The placeholder is the last path segment (a UID before it may spell the same word, so the last one counts).
    static String withSegment(String uri, String secret) {
        int query = uri.indexOf('?');
        String path = (query >= 0) ? uri.substring(0, query) : uri;
        if (!path.endsWith(SEGMENT)) {
            throw new IllegalStateException("A secret path segment was sent without its placeholder");
        }
        return path.substring(0, path.length() - PLACEHOLDER.length()) + UriUtils.encodePathSegment(secret, "UTF-8")
                + ((query >= 0) ? uri.substring(query) : "");
    }

}
