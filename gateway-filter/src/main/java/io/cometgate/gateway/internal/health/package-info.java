/**
 * Health that means something: Redis (a bounded PING, and the fail-open or fail-closed decision while it is down),
 * each CometChat app (from a background check and from what real calls answered), and the upstream pause. Nothing
 * here calls CometChat on a request's or a probe's path.
 */
package io.cometgate.gateway.internal.health;
