package io.cometgate.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Fails the start when a {@code cometchat.*} property or a gateway route's filter argument still holds a
 * {@code ${...}} placeholder that nothing resolves, naming the placeholder to set.
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

    private static final List<String> ROUTE_PREFIXES = List.of("spring.cloud.gateway.server.webflux.routes",
            "spring.cloud.gateway.routes");

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
                if (isChecked(name) && !unresolved.containsKey(name)
                        && source.getProperty(name) instanceof CharSequence raw) {
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

    private static boolean isChecked(String name) {
        if (name.startsWith("cometchat.")) {
            return true;
        }
        return ROUTE_PREFIXES.stream().anyMatch(name::startsWith) && name.contains(".filters[");
    }

    private static String firstPlaceholder(String resolved) {
        Matcher matcher = PLACEHOLDER.matcher(resolved);
        return matcher.find() ? matcher.group(1) : null;
    }

}
