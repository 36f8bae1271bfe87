package io.cometgate.gateway.filter.factory;

import io.cometgate.gateway.internal.edge.EdgeRoute;
import io.cometgate.gateway.config.LogoutScope;

/**
 * The token route's settings, resolved by {@link RouteSettingsResolver}.
 *
 * @param edge what every CometGate route needs
 * @param provisionUsers whether to create missing users on first login
 * @param includeAppInfo whether the answer carries appId and region
 * @param logoutRevokes what a logout revokes
 */
record TokenRoute(EdgeRoute edge, boolean provisionUsers, boolean includeAppInfo, LogoutScope logoutRevokes) {
}
