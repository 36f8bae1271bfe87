/**
 * A stateful local emulator of the CometChat REST API v3 subset that a token-minting gateway uses: users and auth
 * tokens, with the live API's paths, status codes, error envelope and limits, plus knobs for latency, failures,
 * connection resets, hangs and an app rate limit.
 *
 * <p>Start with {@link io.cometgate.emulator.CometChatEmulator}; run it as a process with
 * {@link io.cometgate.emulator.EmulatorMain}. The request pipeline is in {@code EmulatorRoutes}, the state in
 * {@code UserStore}.
 */
package io.cometgate.emulator;
