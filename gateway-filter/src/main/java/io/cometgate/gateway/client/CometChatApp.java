package io.cometgate.gateway.client;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The coordinates of one CometChat app: its id, region, REST API key and the base URL of its REST API v3.
 * <p>
 * The base URL defaults to {@code https://{appId}.api-{region}.cometchat.io/v3}; an explicit one (the emulator, a
 * proxy) wins. {@link #toString()} masks the REST API key so an app can be logged safely.
 *
 * @param appId the CometChat app id, which is also part of the API's host name
 * @param region the app's region ({@code us}, {@code eu}, {@code in})
 * @param restApiKey the REST API key ({@code fullAccess} scope); never logged
 * @param baseUrl the REST API v3 base URL
 */
public record CometChatApp(String appId, String region, String restApiKey, URI baseUrl) {

    // The app id and region become part of a host name: only allow what a DNS label allows.
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9-]{1,63}");

    public CometChatApp {
        Assert.hasText(appId, "appId cannot be empty");
        Assert.hasText(region, "region cannot be empty");
        Assert.hasText(restApiKey, "restApiKey cannot be empty");
        Assert.notNull(baseUrl, "baseUrl cannot be null");
    }

    /**
     * Creates the coordinates of an app, deriving the base URL from the app id and region unless one is given.
     * @param appId the app id
     * @param region the region
     * @param restApiKey the REST API key
     * @param baseUrl an explicit base URL, or {@code null}/empty for CometChat's own
     * @return the app
     */
    public static CometChatApp of(String appId, String region, String restApiKey, String baseUrl) {
        Assert.isTrue(isHostLabel(appId),
                "appId must be a CometChat app id (letters, digits and '-')");
        Assert.isTrue(isHostLabel(region),
                "region must be a CometChat region such as 'us', 'eu' or 'in'");
        URI base = StringUtils.hasText(baseUrl) ? URI.create(stripTrailingSlash(baseUrl))
                : URI.create("https://" + appId + ".api-" + region + ".cometchat.io/v3");
        return new CometChatApp(appId, region, restApiKey, base);
    }

    /** Whether {@code value} can be part of CometChat's host name, as an app id or a region. */
    public static boolean isHostLabel(String value) {
        return value != null && HOST_LABEL.matcher(value).matches();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The REST API key reduced to a hint an operator can recognise: {@code abcde*****vwxyz}. */
    public String maskedRestApiKey() {
        return Secrets.mask(this.restApiKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CometChatApp app && this.appId.equals(app.appId) && this.region.equals(app.region)
                && this.restApiKey.equals(app.restApiKey) && this.baseUrl.equals(app.baseUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.appId, this.region, this.restApiKey, this.baseUrl);
    }

    @Override
    public String toString() {
        return "CometChatApp[appId=" + this.appId + ", region=" + this.region + ", restApiKey="
                + maskedRestApiKey() + ", baseUrl=" + this.baseUrl + "]";
    }

}
