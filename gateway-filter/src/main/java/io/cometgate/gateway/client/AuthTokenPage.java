package io.cometgate.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of a user's auth tokens, newest first, as {@code GET /users/{uid}/auth_tokens?perPage=&page=} answers it.
 *
 * @param tokens the tokens of this page, newest first
 * @param page this page's number, from 1
 * @param totalPages how many pages there are (at least this one)
 * @param total how many tokens the user has
 */
public record AuthTokenPage(List<AuthToken> tokens, int page, int totalPages, long total) {

    /** The largest page CometChat answers. */
    public static final int MAX_PER_PAGE = 100;

    public AuthTokenPage {
        tokens = List.copyOf(tokens);
    }

    /** Whether pages follow this one. */
    public boolean hasNext() {
        return this.page < this.totalPages;
    }

    /** The answer's body: {@code {"data":[...],"meta":{"pagination":{...}}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(List<AuthToken> data, Meta meta) {

        AuthTokenPage toPage(int requestedPage) {
            List<AuthToken> tokens = (this.data != null) ? this.data : List.of();
            Pagination pagination = (this.meta != null) ? this.meta.pagination() : null;
            if (pagination == null) {
                // No paging said: this page is all there is.
                return new AuthTokenPage(tokens, requestedPage, requestedPage, tokens.size());
            }
            int current = (pagination.currentPage() != null) ? pagination.currentPage() : requestedPage;
            int totalPages = (pagination.totalPages() != null) ? Math.max(pagination.totalPages(), current) : current;
            long total = (pagination.total() != null) ? pagination.total() : tokens.size();
            return new AuthTokenPage(tokens, current, totalPages, total);
        }

    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Meta(Pagination pagination) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pagination(Long total, @JsonProperty("current_page") Integer currentPage,
            @JsonProperty("total_pages") Integer totalPages) {
    }

}
