package io.cometgate.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cloud.gateway.support.NameUtils;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.filter.factory.CometChatUserGatewayFilterFactory;
import io.cometgate.gateway.filter.factory.RequireHttpsGatewayFilterFactory;

/**
 * Fails the start when a {@code cometchat.*} property or an argument of one of CometGate's own route filters
 * ({@code CometChatToken}, {@code CometChatUser}, {@code RequireHttps}) still holds a {@code ${...}} placeholder that
 * nothing resolves, naming the placeholder to set. Other filters' arguments are not CometGate's business: a
 * placeholder there may be meant for the filter itself (Spring Cloud Gateway resolves SpEL and its own templates).
 * <p>
 * Why: Spring binds an unresolvable placeholder as its literal text. With the quick start's
 * {@code rest-api-key: ${COMETCHAT_REST_API_KEY}} and the variable unset, the gateway started and sent the text
 * {@code ${COMETCHAT_REST_API_KEY}} to CometChat as the key, so every request failed with
 * {@code 502 COMETCHAT_API_KEY_REJECTED}; an unset cache key was reported as "not base64". Checked before any bean
 * is created (a {@link BeanFactoryPostProcessor}), so this message comes first. Values are never quoted: only the
 * property's name and the placeholder's.
 */
public final class UnresolvedPlaceholderCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*)(?::[^}]*)?}");

    /**
     * A route filter's own properties: {@code <filter>} alone holds the shortcut form ({@code Name=arg,...}),
     * {@code <filter>.name} and {@code <filter>.args.*} the long form. Routes and default filters, in Spring Cloud
     * Gateway's current and former property prefixes.
     */
    private static final Pattern FILTER_PROPERTY = Pattern.compile(
            "^(spring\\.cloud\\.gateway(?:\\.server\\.webflux)?\\.(?:routes\\[\\d+]\\.filters|default-filters)\\[\\d+])"
                    + "(\\.args\\..+)?$");

    private static final Set<String> COMETGATE_FILTERS = Set.of(
            NameUtils.normalizeFilterFactoryName(CometChatTokenGatewayFilterFactory.class),
            NameUtils.normalizeFilterFactoryName(CometChatUserGatewayFilterFactory.class),
            NameUtils.normalizeFilterFactoryName(RequireHttpsGatewayFilterFactory.class));

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (this.environment instanceof ConfigurableEnvironment configurable) {
            check(configurable);
        }
    }

    /**
     * @param environment the application's environment
     * @throws IllegalStateException naming every checked property that holds an unresolvable placeholder
     */
    public static void check(ConfigurableEnvironment environment) {
        Map<String, String> unresolved = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)
                    || source.getName().equals("configurationProperties")) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (!unresolved.containsKey(name) && source.getProperty(name) instanceof CharSequence raw
                        && isChecked(name, raw.toString(), environment)) {
                    String placeholder = firstPlaceholder(environment.resolvePlaceholders(raw.toString()));
                    if (placeholder != null) {
                        unresolved.put(name, placeholder);
                    }
                }
            }
        }
        if (!unresolved.isEmpty()) {
            List<String> lines = new ArrayList<>();
            unresolved.forEach((name, placeholder) -> lines.add(name + " holds the unresolved placeholder ${"
                    + placeholder + "}: set the environment variable or property " + placeholder));
            throw new IllegalStateException("CometGate cannot start: " + String.join("; ", lines) + ".");
        }
    }

    private static boolean isChecked(String name, String raw, Environment environment) {
        if (name.startsWith("cometchat.")) {
            return true;
        }
        Matcher filter = FILTER_PROPERTY.matcher(name);
        if (!filter.matches()) {
            return false;
        }
        // The shortcut form names the filter in its own value; the long form in the sibling "name" property.
        String filterName = (filter.group(2) != null) ? environment.getProperty(filter.group(1) + ".name")
                : raw.split("=", 2)[0];
        return filterName != null && COMETGATE_FILTERS.contains(filterName.strip());
    }

    private static String firstPlaceholder(String resolved) {
        Matcher matcher = PLACEHOLDER.matcher(resolved);
        return matcher.find() ? matcher.group(1) : null;
    }

}
