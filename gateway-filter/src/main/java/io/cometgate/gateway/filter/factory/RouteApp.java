package io.cometgate.gateway.filter.factory;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.config.CometChatProperties;

/**
 * Resolves a route's CometChat app: each of the route's arguments wins over the global {@code cometchat.*} property.
 */
final class RouteApp {

    private RouteApp() {
    }

    static CometChatApp resolve(CometChatProperties properties, String appId, String region, String restApiKey,
            String baseUrl) {
        return CometChatApp.of(orDefault(appId, properties.getAppId()), orDefault(region, properties.getRegion()),
                orDefault(restApiKey, properties.getRestApiKey()), orDefault(baseUrl, properties.getBaseUrl()));
    }

    static <T> T orDefault(T routeValue, T globalValue) {
        return (routeValue != null) ? routeValue : globalValue;
    }

}
