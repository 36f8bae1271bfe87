package io.cometgate.gateway.config;

import org.springframework.context.annotation.Configuration;

/** The {@code CometChatUser} filter: the caller's own CometChat user (sync, read, erase). */
@Configuration(proxyBeanMethods = false)
class CometChatUserFilterConfiguration {

}
