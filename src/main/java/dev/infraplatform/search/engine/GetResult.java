package dev.infraplatform.search.engine;

import java.util.List;
import java.util.Map;

/**
 * A realtime get: the latest version of a document, or not found ({@code source} is then
 * {@code null}); {@code fields}: the stored fields asked for ({@code null}: none asked for, or none
 * has a value).
 */
public record GetResult(String index, String id, boolean found, long version, long seqNo, long primaryTerm,
                        String routing, byte[] source, Map<String, List<Object>> fields) {

    /** A get without stored fields. */
    public GetResult(String index, String id, boolean found, long version, long seqNo, long primaryTerm,
                     String routing, byte[] source) {
        this(index, id, found, version, seqNo, primaryTerm, routing, source, null);
    }

    static GetResult missing(String index, String id) {
        return new GetResult(index, id, false, -1, -2, 0, null, null);
    }
}
