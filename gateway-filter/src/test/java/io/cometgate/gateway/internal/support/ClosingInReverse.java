package io.cometgate.gateway.internal.support;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened, closed in the reverse order of opening (a client before the connector it runs on, a
 * connector before the server), whatever fails on the way: the first failure is thrown once all were tried.
 */
public final class ClosingInReverse implements AutoCloseable {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /**
     * @param <T> what was opened
     * @param closeable closed by {@link #close()}
     * @return {@code closeable}
     */
    public <T extends AutoCloseable> T add(T closeable) {
        this.opened.add(closeable);
        return closeable;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = this.opened.size() - 1; i >= 0; i--) {
            try {
                this.opened.get(i).close();
            }
            catch (Exception ex) {
                first = (first != null) ? first : ex;
            }
        }
        this.opened.clear();
        if (first != null) {
            throw first;
        }
    }

}
