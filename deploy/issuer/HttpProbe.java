import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container healthcheck for images without a shell or curl (the issuer's image is distroless): exits 0 when the
 * URL answers 2xx within two seconds, 1 otherwise. Uses java.base only, so it runs on any JRE of 17 or later.
 */
public final class HttpProbe {

    private HttpProbe() {
    }

    public static void main(String[] args) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(args[0]).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            System.exit((status >= 200 && status < 300) ? 0 : 1);
        }
        catch (Exception ex) {
            System.err.println(args[0] + ": " + ex);
            System.exit(1);
        }
    }

}
